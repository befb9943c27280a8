package org.seqtasks.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;
import org.seqtasks.model.Cell;
import org.seqtasks.model.ModelArchive;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.testing.ReaderFuzz;
import org.seqtasks.train.TrainingCheckpoint;

/**
 * Seeded fuzzing of the shared readers ({@link ReaderFuzz}'s damages; truncations for the binary files): they must end
 * either in a value or in the documented one-line {@link UserFacingException} naming the file, never in any other exception.
 */
class ReaderFuzzTest {
    private static final long SEED = 20261201L;

    @TempDir
    Path dir;

    /** Runs {@code read} on {@code bytes}; returns a description of a contract breach, or null. */
    private String tryRead(byte[] bytes, String name, Consumer<Path> read) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        try {
            read.accept(file);
            return null;
        } catch (UserFacingException e) {
            boolean ok = e.getMessage().contains(file.getFileName().toString())
                    && !e.getMessage().contains("\n");
            return ok ? null : name + ": not a one-line message naming the file: " + e.getMessage();
        } catch (RuntimeException e) {
            return name + ": " + e;
        }
    }

    @Test
    void textAndWordVectorReadersOnlyEverFailWithTheirOneLineError() {
        byte[] vectors = "the 0.1 0.2 0.3\n, 1 2 3\nfilm 4 5 6\nsuperb -1 -2 -3.5\n".getBytes(StandardCharsets.UTF_8);
        int tries = 400;
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(
                        dir, "v.txt", vectors, tries, f -> WordVectors.read(f, Set.of("superb", "film"), 2))
                > 0);
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(
                        dir, "t.txt", vectors, tries, f -> TextFiles.readLines(f, StandardCharsets.UTF_8))
                > 0);
    }

    @Test
    void truncatedModelsAndCheckpointsAreOneLineErrors() throws Exception {
        MultiLayerNetwork net = RecurrentNetworks.perStepClassifier(
                RnnConfig.of(Cell.LSTM, 5).hidden(4).learningRate(1e-2), 3, 3);
        Path model = dir.resolve("good.zip");
        ModelArchive.save(model, net, Map.of("task", "charlm"));
        byte[] zip = Files.readAllBytes(model);
        Path checkpoint = dir.resolve("good.bin");
        new TrainingCheckpoint(
                        1,
                        2,
                        3,
                        1.5,
                        1,
                        0,
                        2,
                        10,
                        0.5,
                        1,
                        0.7,
                        0.7,
                        0,
                        1,
                        true,
                        3,
                        1,
                        new double[] {1e-2, Double.NaN},
                        1,
                        2,
                        List.of(),
                        net.params(),
                        null)
                .write(checkpoint);
        byte[] bin = Files.readAllBytes(checkpoint);
        Random r = new Random(SEED);
        List<String> breaches = new ArrayList<>();
        int tries = 30;
        for (int i = 0; i < tries; i++) {
            String b = tryRead(Arrays.copyOf(zip, r.nextInt(zip.length)), "m" + i + ".zip", ModelArchive::load);
            if (b != null) {
                breaches.add(b);
            }
            b = tryRead(Arrays.copyOf(bin, r.nextInt(bin.length)), "c" + i + ".bin", TrainingCheckpoint::read);
            if (b != null) {
                breaches.add(b);
            }
        }
        assertTrue(
                breaches.isEmpty(),
                breaches.size() + " of " + 2 * tries + " inputs broke the contract:\n" + String.join("\n", breaches));
    }
}
