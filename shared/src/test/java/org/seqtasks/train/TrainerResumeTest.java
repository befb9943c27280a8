package org.seqtasks.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.NextTokenWindowIterator;
import org.seqtasks.eval.SequenceCrossEntropy;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;

/** Interruption and resume: a stopped run goes on exactly where it was, and nothing it saved is lost. */
class TrainerResumeTest {
    @TempDir
    Path dir;

    private static int[] corpus() {
        Random r = new Random(1);
        int[] ids = new int[1200];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(20) == 0 ? r.nextInt(5) : "abcabd".charAt(i % 6) - 'a';
        }
        return ids;
    }

    private static final int BATCHES = 6;

    private static MultiLayerNetwork net() {
        return RecurrentNetworks.perStepClassifier(
                RnnConfig.of(Cell.LSTM, 7).hidden(8).tbptt(10).clip(5).learningRate(0.02), 5, 5);
    }

    private static NextTokenWindowIterator trainData() {
        return new NextTokenWindowIterator(corpus(), 5, 30, 8, true, 11); // 6 batches an epoch
    }

    private static double validationLoss(MultiLayerNetwork n) {
        return SequenceCrossEntropy.evaluate(n, new NextTokenWindowIterator(corpus(), 5, 30, 8, false, 0))
                .mean();
    }

    /** A run folder's best model, as the task's checkpoint callback keeps it. */
    private static final class SavedModel {
        INDArray params;
        int saves;
    }

    private TrainResult fit(
            Trainer trainer,
            MultiLayerNetwork net,
            Path folder,
            ToDoubleFunction<MultiLayerNetwork> validation,
            SavedModel saved) {
        return trainer.fit(
                net,
                trainData(),
                BATCHES,
                validation::applyAsDouble,
                n -> {
                    saved.params = n.params().dup();
                    saved.saves++;
                },
                folder.resolve("curve.csv"),
                3);
    }

    @Test
    void anInterruptedAndResumedRunEndsWithTheParametersOfAnUninterruptedOne() throws Exception {
        // keepBest off: the final weights are the last step's, so equality checks every step was replayed
        TrainOptions options = new TrainOptions(3, 0, 2, 0, "chars", false, false);
        Path straight = Files.createDirectories(dir.resolve("straight"));
        MultiLayerNetwork a = net();
        TrainResult whole = fit(new Trainer(options), a, straight, TrainerResumeTest::validationLoss, new SavedModel());

        Path stopped = Files.createDirectories(dir.resolve("stopped"));
        Trainer first = new Trainer(options);
        int[] validations = {0};
        SavedModel saved = new SavedModel();
        TrainResult part = fit(
                first,
                net(),
                stopped,
                n -> {
                    if (++validations[0] == 4) {
                        first.requestStop(); // at iteration 8: epoch 2, two batches into it
                    }
                    return validationLoss(n);
                },
                saved);
        assertEquals(TrainResult.StopReason.INTERRUPTED, part.stopReason());
        assertEquals(8, part.iterations());
        Trainer.Interruption where = Trainer.takeInterruption();
        assertNotNull(where);
        assertEquals(2, where.epoch());
        assertEquals(8, where.iteration());
        assertEquals(stopped.toAbsolutePath(), where.folder());

        MultiLayerNetwork b = net();
        b.setParams(saved.params); // what --resume loads: the saved model
        TrainResult rest =
                fit(new Trainer(options).resumeFrom(stopped), b, stopped, TrainerResumeTest::validationLoss, saved);

        assertEquals(TrainResult.StopReason.EPOCHS, rest.stopReason());
        assertEquals(whole.iterations(), rest.iterations(), "the iteration counter goes on");
        assertEquals(whole.units(), rest.units());
        assertEquals(whole.curve().size(), rest.curve().size());
        for (int i = 0; i < whole.curve().size(); i++) {
            CurvePoint x = whole.curve().get(i);
            CurvePoint y = rest.curve().get(i);
            assertEquals(x.iteration(), y.iteration());
            assertEquals(x.trainLoss(), y.trainLoss(), 0.0, "train loss at point " + i);
            assertEquals(x.validationLoss(), y.validationLoss(), 0.0, "validation loss at point " + i);
        }
        assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), 0f, "bit-identical parameters");
        List<String> csv = Files.readAllLines(stopped.resolve("curve.csv"));
        assertEquals(1 + whole.curve().size(), csv.size(), "the curve continues: " + csv);
        assertEquals(
                Files.readAllLines(straight.resolve("curve.csv")).stream()
                        .map(TrainerResumeTest::withoutTimes)
                        .toList(),
                csv.stream().map(TrainerResumeTest::withoutTimes).toList());
    }

    /** A curve line less its timing columns (seconds, units/s), which differ between any two runs. */
    private static String withoutTimes(String line) {
        String[] f = line.split(",");
        return f[0] + "," + f[1] + "," + f[3] + "," + f[4];
    }

    @Test
    void aStopBeforeAnyValidationStillSavesAModelToResumeFrom() {
        Trainer trainer = new Trainer(new TrainOptions(5, 0, 0, 0, "chars", false));
        SavedModel saved = new SavedModel();
        int[] batches = {0};
        // the stop is asked from another thread, as the Ctrl-C handler does
        Thread ctrlC = new Thread(() -> {
            while (!Trainer.stopActive()) {
                Thread.onSpinWait();
            }
        });
        ctrlC.start();
        TrainResult r = fit(
                trainer,
                net(),
                dir,
                n -> {
                    batches[0]++;
                    return 1.0;
                },
                saved);
        assertEquals(TrainResult.StopReason.INTERRUPTED, r.stopReason());
        assertTrue(r.iterations() < BATCHES, "stopped within the first epoch: " + r.iterations());
        assertEquals(0, batches[0], "no validation was run on the way out");
        assertEquals(1, saved.saves, "the model so far was saved");
        assertTrue(Files.isRegularFile(dir.resolve(TrainingCheckpoint.FILE)));
        assertNotNull(Trainer.takeInterruption());
        assertNull(Trainer.takeInterruption(), "reading clears it");
    }

    @Test
    void aCheckpointNeverLiesWithoutAModelBesideIt() {
        // validation every 1000 iterations, an epoch of 6: the first checkpoint (end of epoch 1) comes long before
        // the first validation (end of the run), and a kill between them must still leave something to resume
        boolean[] checkpointBeforeFirstSave = {false};
        SavedModel saved = new SavedModel();
        new Trainer(new TrainOptions(2, 0, 1000, 0, "chars", false))
                .fit(
                        net(),
                        trainData(),
                        BATCHES,
                        n -> 1.0,
                        n -> {
                            if (saved.saves++ == 0) {
                                checkpointBeforeFirstSave[0] = Files.exists(dir.resolve(TrainingCheckpoint.FILE));
                            }
                        },
                        dir.resolve("curve.csv"),
                        3);
        assertFalse(checkpointBeforeFirstSave[0], "the model was saved before the first checkpoint was written");
        assertEquals(2, saved.saves, "the weights so far at the first checkpoint, then the validated best");
    }

    @Test
    void aResumedRunKeepsTheSavedBestScoreAndPatience() throws Exception {
        SavedModel saved = new SavedModel();
        double[] firstLosses = {1.0, 1.1};
        int[] call = {0};
        TrainResult first = fit(
                new Trainer(new TrainOptions(2, 0, 0, 2, "chars", false)),
                net(),
                dir,
                n -> firstLosses[call[0]++],
                saved);
        assertEquals(1, saved.saves);
        INDArray best = saved.params;

        MultiLayerNetwork resumed = net();
        resumed.setParams(best);
        TrainResult second = fit(
                new Trainer(new TrainOptions(4, 0, 0, 2, "chars", false)).resumeFrom(dir),
                resumed,
                dir,
                n -> 1.2,
                saved);
        assertEquals(1, saved.saves, "a worse first validation after resuming must not replace the best model");
        assertEquals(1.0, second.bestValidationLoss(), 0.0);
        assertEquals(
                TrainResult.StopReason.EARLY_STOP,
                second.stopReason(),
                "one more miss exhausts the saved patience of 2");
        assertEquals(3, second.curve().size());
        assertEquals(first.iterations() + BATCHES, second.iterations());
        assertEquals(best, resumed.params(), "the run ends with the best weights, which the saved model holds");
        assertEquals(4, Files.readAllLines(dir.resolve("curve.csv")).size());
    }

    @Test
    void theLearningRateDecayIsRestored() {
        SavedModel saved = new SavedModel();
        double[] losses = {1.0, 1.1, 1.2};
        int[] call = {0};
        MultiLayerNetwork a = net();
        fit(
                new Trainer(new TrainOptions(2, 0, 0, 0, "chars", false, true, 0.5)),
                a,
                dir,
                n -> losses[call[0]++],
                saved);
        assertEquals(0.01, a.getLearningRate(0), 1e-12, "halved once");
        MultiLayerNetwork b = net();
        b.setParams(saved.params);
        fit(
                new Trainer(new TrainOptions(3, 0, 0, 0, "chars", false, true, 0.5)).resumeFrom(dir),
                b,
                dir,
                n -> losses[call[0]++],
                saved);
        assertEquals(0.005, b.getLearningRate(0), 1e-12, "halved again from where it was, not from the recipe's 0.02");
    }

    @Test
    void aFailingModelWriteWarnsAndTrainingGoesOn() {
        TrainResult r = new Trainer(new TrainOptions(2, 0, 0, 0, "chars", false))
                .fit(
                        net(),
                        trainData(),
                        BATCHES,
                        TrainerResumeTest::validationLoss,
                        n -> {
                            throw new UncheckedIOException(new IOException("No space left on device"));
                        },
                        dir.resolve("curve.csv"),
                        3);
        assertEquals(TrainResult.StopReason.EPOCHS, r.stopReason());
        assertEquals(2 * BATCHES, r.iterations());
    }

    @Test
    void aCorruptCheckpointIsOneLineNamingTheFile() throws Exception {
        fit(new Trainer(new TrainOptions(1, 0, 0, 0, "chars", false)), net(), dir, n -> 1.0, new SavedModel());
        Path file = dir.resolve(TrainingCheckpoint.FILE);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        UserFacingException e = assertThrows(
                UserFacingException.class,
                () -> fit(
                        new Trainer(new TrainOptions(2, 0, 0, 0, "chars", false)).resumeFrom(dir),
                        net(),
                        dir,
                        n -> 1.0,
                        new SavedModel()));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        Files.write(file, "not a checkpoint at all".getBytes());
        e = assertThrows(UserFacingException.class, () -> TrainingCheckpoint.read(file));
        assertTrue(e.getMessage().contains("not a seqtasks training checkpoint"), e.getMessage());
        assertTrue(Files.list(dir).noneMatch(f -> f.toString().endsWith(".tmp")), "no temp files left");
        List<String> names = new ArrayList<>();
        Files.list(dir).forEach(f -> names.add(f.getFileName().toString()));
        assertTrue(names.contains("curve.csv"), names.toString());
    }
}
