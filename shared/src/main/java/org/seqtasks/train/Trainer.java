package org.seqtasks.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.datasets.iterator.AsyncMultiDataSetIterator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqtasks.UserFacingException;
import org.seqtasks.model.ModelArchive;

/**
 * The training loop every task uses: epochs or a time budget, validation on a schedule, a learning curve
 * in {@code curve.csv}, a best-model checkpoint, early stopping and a NaN/Inf guard.
 *
 * <p>The loop calls {@code fit(DataSet)} itself (rather than {@code fit(iterator)}) so it can stop on the
 * budget mid-epoch and check the loss after every step; batches are still prepared ahead on another
 * thread by DL4J's {@link AsyncMultiDataSetIterator}, one per epoch. At the end the weights of the best validation point are
 * put back into the network, so what the caller evaluates and saves is the model the checkpoint holds.
 *
 * <p>The same loop trains a {@link MultiLayerNetwork} on a {@link DataSetIterator} (one input: most tasks)
 * and a {@link ComputationGraph} on a {@link MultiDataSetIterator} (several inputs: a tagger's word and
 * spelling features, a captioner's image and words); {@link Batches} is the one difference between them.
 */
public final class Trainer {
    /** Mean loss per unit on held-out data; lower is better. */
    @FunctionalInterface
    public interface Validation<N> {
        double loss(N network);

        /** Both figures of one evaluation; checkpoints are chosen by the loss unless {@link #byError} says otherwise. */
        default Measured measure(N network) {
            return new Measured(loss(network), Double.NaN);
        }

        /**
         * A validation that chooses checkpoints (and counts patience) by the error rate {@code measure} returns, for
         * tasks that report an accuracy: a classifier's loss can rise through over-confidence on a few units while
         * its accuracy still improves (EWT tagging: dev loss up at epoch 5, accuracy 95.13 -> 95.29%).
         */
        static <N> Validation<N> byError(Function<N, Measured> measure) {
            return byScore("accuracy", measure);
        }

        /**
         * As {@link #byError}, for a score other than an accuracy ({@code name}, e.g. "BLEU-4"): {@code measure}'s error
         * is 1 - the score, and the validation line prints the score itself.
         */
        static <N> Validation<N> byScore(String name, Function<N, Measured> measure) {
            return new Validation<>() {
                @Override
                public double loss(N network) {
                    return measure.apply(network).loss();
                }

                @Override
                public Measured measure(N network) {
                    return measure.apply(network);
                }

                @Override
                public String describe(Measured measured) {
                    double score = 1 - measured.error();
                    return name.equals("accuracy")
                            ? String.format(Locale.ROOT, ", accuracy %.2f%%", 100 * score)
                            : String.format(Locale.ROOT, ", %s %.4f", name, score);
                }
            };
        }

        /** What the validation line adds after the loss: nothing for a loss-only validation. */
        default String describe(Measured measured) {
            return "";
        }
    }

    /**
     * What one validation measured: the mean loss per unit (the curve's figure) and, for a {@link Validation#byError}
     * validation, the error rate in [0, 1] that checkpoints are chosen by (NaN otherwise).
     */
    public record Measured(double loss, double error) {
        /** The figure to minimise. */
        double criterion() {
            return Double.isNaN(error) ? loss : error;
        }
    }

    /** Saves the network when validation improves (must be atomic: see ModelArchive). */
    @FunctionalInterface
    public interface Checkpoint<N> {
        void save(N network);
    }

    private final TrainOptions options;
    private Path resumeFrom;
    private volatile boolean stopRequested;

    /** The trainer fitting now, for the Ctrl-C handler: {@link #stopActive}. */
    private static final AtomicReference<Trainer> ACTIVE = new AtomicReference<>();
    /** Where the last interrupted fit stopped (null when none was). */
    private static volatile Interruption lastInterruption;

    /** Where an interrupted fit stopped, for the line that says how to go on. */
    public record Interruption(int epoch, long iteration, Path folder) {}

    public Trainer(TrainOptions options) {
        this.options = options;
    }

    /**
     * Continues the run whose {@link TrainingCheckpoint} is in {@code folder} (null: a fresh run): latest weights,
     * optimiser state, counters, data position, best score, patience, learning rates, time spent and curve. The
     * network passed to {@code fit} must be the run's saved model (its best weights are kept as the best so far).
     */
    public Trainer resumeFrom(Path folder) {
        this.resumeFrom = folder;
        return this;
    }

    /** Asks the fit in progress to stop after its current batch, checkpoint and return ({@link TrainResult.StopReason#INTERRUPTED}). */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * {@link #requestStop} on the trainer fitting now; false when none is. Fits that start later in this JVM (the next
     * run of {@code compare}) stop at once too, until {@link #takeInterruption} is read.
     */
    public static boolean stopActive() {
        Trainer t = ACTIVE.get();
        if (t == null) {
            return false;
        }
        stopAll = true;
        t.requestStop();
        return true;
    }

    private static volatile boolean stopAll;

    /** Where the last interrupted fit of this JVM stopped, or null; reading clears it (and lets new fits run again). */
    public static Interruption takeInterruption() {
        Interruption i = lastInterruption;
        lastInterruption = null;
        stopAll = false;
        return i;
    }

    /**
     * Trains {@code network} on {@code train}; validates with {@code validation}; checkpoints with
     * {@code checkpoint} (may be null); writes the curve to {@code curveCsv} (may be null).
     * {@code batchesPerEpoch} sizes the progress bar (-1 if unknown).
     */
    public TrainResult fit(
            MultiLayerNetwork network,
            DataSetIterator train,
            int batchesPerEpoch,
            Validation<? super MultiLayerNetwork> validation,
            Checkpoint<? super MultiLayerNetwork> checkpoint,
            Path curveCsv,
            long seed) {
        return fit(network, Batches.of(network, train), batchesPerEpoch, validation, checkpoint, curveCsv, seed);
    }

    /** As above, for a multi-input {@link ComputationGraph} fed {@link MultiDataSet}s. */
    public TrainResult fit(
            ComputationGraph graph,
            MultiDataSetIterator train,
            int batchesPerEpoch,
            Validation<? super ComputationGraph> validation,
            Checkpoint<? super ComputationGraph> checkpoint,
            Path curveCsv,
            long seed) {
        return fit(graph, Batches.of(graph, train), batchesPerEpoch, validation, checkpoint, curveCsv, seed);
    }

    private <N extends Model> TrainResult fit(
            N network,
            Batches batches,
            int batchesPerEpoch,
            Validation<? super N> validation,
            Checkpoint<? super N> checkpoint,
            Path curveCsv,
            long seed) {
        Path folder = curveCsv == null ? null : curveCsv.toAbsolutePath().getParent();
        if (folder != null) {
            ModelArchive.removeLeftovers(folder); // a kill mid-write in an earlier run of this folder
        }
        Run<N> run = new Run<>(network, validation, checkpoint, batches, folder);
        Nd4j.getRandom().setSeed(seed); // dropout masks draw from ND4J's global generator
        int firstEpoch = 0;
        int skip = 0;
        if (resumeFrom != null) {
            TrainingCheckpoint saved = run.restore(resumeFrom.resolve(TrainingCheckpoint.FILE));
            if (saved != null) {
                firstEpoch = saved.epoch();
                skip = saved.batchInEpoch();
            }
        }
        long deadline = options.maxMinutes() > 0 ? run.start + (long) (options.maxMinutes() * 60e9) : Long.MAX_VALUE;
        TrainResult.StopReason reason = TrainResult.StopReason.EPOCHS;
        ACTIVE.set(this);
        stopRequested = stopAll;
        try (CurveCsv.Appender csv = CurveCsv.open(curveCsv, run.curve)) {
            run.csv = csv;
            for (int i = 1; i < firstEpoch; i++) {
                batches.source
                        .reset(); // each epoch's order is drawn from (seed, epoch): replaying the resets reaches it
            }
            int lastEpoch = options.epochs();
            if (firstEpoch >= options.epochs()) {
                System.err.printf(
                        Locale.ROOT, "  the run already trained %d epochs: raise --epochs to train on%n", firstEpoch);
            } else if (resumeFrom != null && System.nanoTime() >= deadline) {
                System.err.printf(
                        Locale.ROOT,
                        "  the run already used its %s minutes: raise --max-minutes to train on%n",
                        options.maxMinutes());
                reason = TrainResult.StopReason.TIME_BUDGET;
                lastEpoch = firstEpoch;
            }
            outer:
            for (int epoch = firstEpoch; epoch < lastEpoch; epoch++) {
                batches.startEpoch(epoch);
                int batchInEpoch = 0;
                for (; batchInEpoch < skip && batches.hasNext(); batchInEpoch++) {
                    batches.next(); // the batches fitted before the interruption
                }
                skip = 0;
                run.epoch = epoch;
                try (ProgressBar bar = progressBar(epoch, batchesPerEpoch)) {
                    if (bar != null && batchInEpoch > 0) {
                        bar.stepTo(batchInEpoch);
                    }
                    while (true) {
                        if (stopRequested) {
                            reason = TrainResult.StopReason.INTERRUPTED;
                            break outer;
                        }
                        long t0 = System.nanoTime();
                        if (!batches.hasNext()) {
                            break;
                        }
                        MultiDataSet ds = batches.next();
                        long t1 = System.nanoTime();
                        batches.fit(ds);
                        if (options.anneal()) {
                            run.anneal(deadline);
                        }
                        run.waitNanos += t1 - t0;
                        run.trainNanos += System.nanoTime() - t0;
                        run.iterations++;
                        batchInEpoch++;
                        run.batchInEpoch = batchInEpoch;
                        run.units += units(ds.getLabelsMaskArray(0), ds.getLabels(0));
                        double loss = lastSegmentLossPerUnit(
                                network.score(),
                                ds.getFeatures(0).size(0),
                                ds.getLabels(0),
                                ds.getLabelsMaskArray(0),
                                batches.tbpttLength());
                        if (!Double.isFinite(loss)) {
                            throw new UserFacingException(String.format(
                                    Locale.ROOT,
                                    "training diverged: the loss became %s at epoch %d, iteration %d; lower --lr or keep gradient clipping on",
                                    loss,
                                    epoch + 1,
                                    run.iterations));
                        }
                        run.lossSum += loss;
                        run.lossCount++;
                        run.epochs = epoch
                                + (batchesPerEpoch > 0 ? Math.min(1.0, batchInEpoch / (double) batchesPerEpoch) : 0);
                        if (bar != null) {
                            bar.step();
                            bar.setExtraMessage(String.format(
                                    Locale.ROOT,
                                    " loss %.3f, %.0f %s/s",
                                    run.lossSum / run.lossCount,
                                    run.rate(),
                                    options.unit()));
                        } else if (System.nanoTime() - run.lastLog > 60e9) {
                            // no bar (a log file, CI): a heartbeat a minute, so a long epoch is not silence
                            run.lastLog = System.nanoTime();
                            System.err.printf(
                                    Locale.ROOT,
                                    "  ... iter %d, epoch %.2f: train %.4f, %.0f %s/s%n",
                                    run.iterations,
                                    run.epochs,
                                    run.lossSum / run.lossCount,
                                    run.rate(),
                                    options.unit());
                        }
                        boolean outOfTime = System.nanoTime() >= deadline;
                        boolean scheduled =
                                options.validateEvery() > 0 && run.iterations % options.validateEvery() == 0;
                        if (scheduled || outOfTime) {
                            boolean stop = run.validate();
                            run.writeCheckpoint();
                            if (stop) {
                                reason = TrainResult.StopReason.EARLY_STOP;
                                break outer;
                            }
                        }
                        if (outOfTime) {
                            reason = TrainResult.StopReason.TIME_BUDGET;
                            break outer;
                        }
                    }
                }
                run.epochs = epoch + 1;
                run.epoch = epoch + 1;
                run.batchInEpoch = 0;
                boolean last = epoch == options.epochs() - 1 || System.nanoTime() >= deadline;
                boolean due = options.validateEvery() == 0 || (last && run.lossCount > 0);
                boolean stop = due && run.validate();
                run.writeCheckpoint();
                if (stop) {
                    reason = TrainResult.StopReason.EARLY_STOP;
                    break;
                }
                if (System.nanoTime() >= deadline) {
                    reason = TrainResult.StopReason.TIME_BUDGET;
                    break;
                }
            }
            if (reason == TrainResult.StopReason.INTERRUPTED) {
                run.writeCheckpoint();
                lastInterruption = new Interruption(run.epoch + 1, run.iterations, folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + curveCsv, e);
        } finally {
            ACTIVE.compareAndSet(this, null);
            batches.close();
        }
        if (run.bestParams != null) {
            network.setParams(run.bestParams);
        }
        batches.clearState();
        return new TrainResult(
                run.iterations,
                run.epochs,
                run.trainNanos / 1e9,
                run.units,
                run.waitNanos / 1e9,
                run.validationNanos / 1e9,
                run.checkpointNanos / 1e9,
                run.best,
                reason,
                run.curve);
    }

    /**
     * The batches of the loop and the four things it needs of the network type: one fit step, the
     * truncated-BPTT length, clearing the recurrent state and scaling the learning rate. A fresh prefetcher per epoch, because reusing
     * DL4J's async iterators through reset() can race with their finished thread and serve an empty epoch
     * (seen with M2.1).
     */
    private static final class Batches implements AutoCloseable {
        private final MultiDataSetIterator source;
        private final Consumer<MultiDataSet> fit;
        private final long tbpttLength;
        private final Runnable clearState;
        private final DoubleConsumer scaleLearningRate;
        private final NetworkState state;
        private MultiDataSetIterator current;

        private Batches(
                MultiDataSetIterator source,
                Consumer<MultiDataSet> fit,
                BackpropType backprop,
                int tbpttLength,
                Runnable clearState,
                DoubleConsumer scaleLearningRate,
                NetworkState state) {
            this.source = source;
            this.fit = fit;
            this.tbpttLength = backprop == BackpropType.TruncatedBPTT ? tbpttLength : 0;
            this.clearState = clearState;
            this.scaleLearningRate = scaleLearningRate;
            this.state = state;
        }

        /** A MultiLayerNetwork on DataSets, seen through their MultiDataSet view. */
        static Batches of(MultiLayerNetwork network, DataSetIterator train) {
            var conf = network.getLayerWiseConfigurations();
            return new Batches(
                    new MultiDataSetIteratorAdapter(train),
                    b -> network.fit(new DataSet(
                            b.getFeatures(0), b.getLabels(0), b.getFeaturesMaskArray(0), b.getLabelsMaskArray(0))),
                    conf.getBackpropType(),
                    conf.getTbpttFwdLength(),
                    network::rnnClearPreviousState,
                    factor -> LearningRates.scale((BaseMultiLayerUpdater<?>) network.getUpdater(true), factor),
                    new NetworkState() {
                        @Override
                        public BaseMultiLayerUpdater<?> updater() {
                            return (BaseMultiLayerUpdater<?>) network.getUpdater(true);
                        }

                        @Override
                        public int[] counters() {
                            return new int[] {network.getIterationCount(), network.getEpochCount()};
                        }

                        @Override
                        public void setCounters(int iterations, int epochs) {
                            network.setIterationCount(iterations);
                            network.setEpochCount(epochs);
                        }

                        @Override
                        public double[] learningRates() {
                            double[] lrs = new double[network.getnLayers()];
                            for (int i = 0; i < lrs.length; i++) {
                                Double lr = network.getLearningRate(i);
                                lrs[i] = lr == null ? Double.NaN : lr;
                            }
                            return lrs;
                        }
                    });
        }

        static Batches of(ComputationGraph graph, MultiDataSetIterator train) {
            var conf = graph.getConfiguration();
            return new Batches(
                    train,
                    graph::fit,
                    conf.getBackpropType(),
                    conf.getTbpttFwdLength(),
                    graph::rnnClearPreviousState,
                    factor -> LearningRates.scale(graph.getUpdater(true), factor),
                    new NetworkState() {
                        @Override
                        public BaseMultiLayerUpdater<?> updater() {
                            return graph.getUpdater(true);
                        }

                        @Override
                        public int[] counters() {
                            return new int[] {graph.getIterationCount(), graph.getEpochCount()};
                        }

                        @Override
                        public void setCounters(int iterations, int epochs) {
                            graph.getConfiguration().setIterationCount(iterations);
                            graph.getConfiguration().setEpochCount(epochs);
                        }

                        @Override
                        public double[] learningRates() {
                            Layer[] layers = graph.getLayers();
                            double[] lrs = new double[layers.length];
                            for (int i = 0; i < lrs.length; i++) {
                                Double lr = graph.getLearningRate(
                                        layers[i].conf().getLayer().getLayerName());
                                lrs[i] = lr == null ? Double.NaN : lr;
                            }
                            return lrs;
                        }
                    });
        }

        void startEpoch(int epoch) {
            if (epoch > 0) {
                source.reset();
            }
            close();
            current = source.asyncSupported() ? new AsyncMultiDataSetIterator(source, 4) : source;
        }

        boolean hasNext() {
            return current.hasNext();
        }

        MultiDataSet next() {
            return current.next();
        }

        void fit(MultiDataSet batch) {
            fit.accept(batch);
        }

        /** The truncated BPTT segment length, or 0 for full BPTT. */
        long tbpttLength() {
            return tbpttLength;
        }

        void clearState() {
            clearState.run();
        }

        /** Multiplies every layer's learning rate by {@code factor}. */
        void scaleLearningRate(double factor) {
            scaleLearningRate.accept(factor);
        }

        @Override
        public void close() {
            if (current instanceof AsyncMultiDataSetIterator async) {
                async.shutdown();
            }
        }
    }

    /** What a checkpoint needs of a network beyond its parameters: the optimiser's state, its counters, its learning rates. */
    private interface NetworkState {
        BaseMultiLayerUpdater<?> updater();

        int[] counters();

        void setCounters(int iterations, int epochs);

        double[] learningRates();
    }

    /** The mutable state of one fit: counters, the curve, and the best weights so far. */
    /** The learning rate's step when annealing: 1% of the initial. */
    static final double ANNEAL_STEP = 0.01;

    /**
     * The last share of the budget over which annealing lowers the rate. Decaying over the whole budget halves the
     * average rate and, on the embedded play's 2-minute run, left the model 0.4 nats/char behind; a constant rate and
     * then a linear cooldown over the last fifth matched a cosine schedule at every budget in Hägele et al. (2024).
     */
    static final double ANNEAL_COOLDOWN = 0.2;

    /**
     * The share of the initial learning rate due when {@code usedFraction} of the budget is spent: all of it until the
     * cooldown, then falling linearly, but never below one step (at zero the last step's minutes would train nothing).
     */
    static double annealDue(double usedFraction) {
        double left = 1 - usedFraction;
        return left >= ANNEAL_COOLDOWN ? 1 : Math.max(ANNEAL_STEP, left / ANNEAL_COOLDOWN);
    }

    private final class Run<N extends Model> {
        final N network;
        final Validation<? super N> validation;
        final Checkpoint<? super N> checkpoint;
        final Path folder;
        long start = System.nanoTime();
        long lastLog = start;
        int epoch;
        int batchInEpoch;
        boolean modelSaved;
        boolean checkpointWarned;
        final List<CurvePoint> curve = new ArrayList<>();
        CurveCsv.Appender csv;
        long iterations;
        long units;
        double epochs;
        double trainNanos;
        double waitNanos;
        /** Time in validations and checkpoint writes, this process only (a resumed run starts them at 0). */
        double validationNanos;

        double checkpointNanos;
        double lossSum;
        long lossCount;
        double best = Double.POSITIVE_INFINITY;
        double bestCriterion = Double.POSITIVE_INFINITY;
        INDArray bestParams;
        int sinceBest;

        final Batches batches;
        double learningRateScale = 1;
        /** The share of the initial learning rate {@link #anneal} has set; on resume, the one due at the checkpoint. */
        double annealScale = 1;

        Run(
                N network,
                Validation<? super N> validation,
                Checkpoint<? super N> checkpoint,
                Batches batches,
                Path folder) {
            this.network = network;
            this.validation = validation;
            this.checkpoint = checkpoint;
            this.batches = batches;
            this.folder = folder;
        }

        /**
         * Puts the run back where {@code file} left it; null (and one line saying so) when there is no checkpoint, as
         * for a model saved before checkpoints existed: training then starts its counters afresh from the model's weights.
         */
        TrainingCheckpoint restore(Path file) {
            if (!Files.exists(file)) {
                System.err.println(
                        "  " + file + " not found: continuing from the saved model's weights, counters from 0");
                modelSaved = true;
                return null;
            }
            TrainingCheckpoint c = TrainingCheckpoint.read(file);
            // params().length(), not numParams(): a ComputationGraph's numParams() counts its layers only, and a
            // SameDiff vertex's parameters (an attention vertex's projections) are in the flat vector a checkpoint
            // holds
            long held = network.params().length();
            if (c.params().length() != held) {
                throw new UserFacingException(file + ": the checkpoint holds "
                        + c.params().length() + " parameters, the model " + held + " (a checkpoint of another run?)");
            }
            if (options.keepBest() && Double.isFinite(c.bestCriterion())) {
                bestParams = network.params().dup(); // the saved model holds the best weights so far
            }
            network.setParams(c.params());
            BaseMultiLayerUpdater<?> updater = batches.state.updater();
            if (c.updaterState() != null
                    && updater.getStateViewArray() != null
                    && updater.getStateViewArray().length() == c.updaterState().length()) {
                updater.setStateViewArray(c.updaterState());
            }
            batches.state.setCounters(c.networkIterations(), c.networkEpochs());
            restoreLearningRates(c.learningRates());
            Nd4j.getRandom().setStates(c.rngRootState(), c.rngNodeState());
            epoch = c.epoch();
            batchInEpoch = c.batchInEpoch();
            iterations = c.iterations();
            epochs = c.epochs();
            trainNanos = c.trainSeconds() * 1e9;
            waitNanos = c.waitSeconds() * 1e9;
            start = System.nanoTime() - (long) (c.elapsedSeconds() * 1e9); // the time budget counts the whole run
            units = c.units();
            lossSum = c.lossSum();
            lossCount = c.lossCount();
            best = c.best();
            bestCriterion = c.bestCriterion();
            sinceBest = c.sinceBest();
            learningRateScale = c.learningRateScale();
            if (options.anneal()) {
                annealScale = annealDue(c.elapsedSeconds() / (options.maxMinutes() * 60));
            }
            modelSaved = c.modelSaved();
            curve.addAll(c.curve());
            System.err.printf(
                    Locale.ROOT,
                    "  resuming at epoch %d (%d batches into it), iteration %d, best validation %s, %d without improvement%n",
                    epoch + 1,
                    batchInEpoch,
                    iterations,
                    Double.isFinite(best) ? String.format(Locale.ROOT, "%.4f", best) : "none yet",
                    sinceBest);
            return c;
        }

        /**
         * Lowers the learning rate to the share of the budget still left. Each change rebuilds DL4J's updater blocks
         * (not free), so the rate moves in steps of 1% of the initial: a hundred changes over a run.
         */
        void anneal(long deadline) {
            double due = annealDue((System.nanoTime() - start) / (double) (deadline - start));
            if (annealScale - due >= ANNEAL_STEP) {
                // the learning rates are scaled, not set, so a plateau's --lr-decay stays in them
                batches.scaleLearningRate(due / annealScale);
                annealScale = due;
            }
        }

        /**
         * Puts back the rates a checkpoint saved. Every change to them is one factor on all ({@link LearningRates}), so
         * the ratio of any layer's saved rate to its fresh one is that factor, and scaling by it reaches the parameters
         * outside layers (an attention vertex's) as well.
         */
        private void restoreLearningRates(double[] saved) {
            double[] fresh = batches.state.learningRates();
            for (int i = 0; i < Math.min(saved.length, fresh.length); i++) {
                if (Double.isFinite(saved[i]) && Double.isFinite(fresh[i]) && fresh[i] > 0) {
                    if (saved[i] != fresh[i]) {
                        batches.scaleLearningRate(saved[i] / fresh[i]);
                    }
                    return;
                }
            }
        }

        /** Writes where the run is; a failure (disk full, permissions) warns once and training goes on with the last good one. */
        void writeCheckpoint() {
            if (!modelSaved && checkpoint != null) {
                // no validation yet (--validate-every longer than an epoch, or a stop on the way): without a model
                // beside it a checkpoint could not be resumed, so what was trained so far is the model for now
                saveModel();
            }
            if (folder == null) {
                return;
            }
            long t0 = System.nanoTime();
            try {
                BaseMultiLayerUpdater<?> updater = batches.state.updater();
                int[] counters = batches.state.counters();
                Random rng = Nd4j.getRandom();
                new TrainingCheckpoint(
                                epoch,
                                batchInEpoch,
                                iterations,
                                epochs,
                                trainNanos / 1e9,
                                waitNanos / 1e9,
                                (System.nanoTime() - start) / 1e9,
                                units,
                                lossSum,
                                lossCount,
                                best,
                                bestCriterion,
                                sinceBest,
                                learningRateScale,
                                modelSaved,
                                counters[0],
                                counters[1],
                                batches.state.learningRates(),
                                rng.rootState(),
                                rng.nodeState(),
                                List.copyOf(curve),
                                network.params(),
                                updater == null ? null : updater.getStateViewArray())
                        .write(folder.resolve(TrainingCheckpoint.FILE));
            } catch (RuntimeException e) {
                if (!checkpointWarned) {
                    checkpointWarned = true;
                    System.err.println(
                            "  warning: " + e.getMessage() + "; training goes on, the last good checkpoint stays");
                }
            } finally {
                checkpointNanos += System.nanoTime() - t0;
            }
        }

        /** The caller's checkpoint (the best model); a failed write warns and training goes on with the last good file. */
        void saveModel() {
            long t0 = System.nanoTime();
            try {
                checkpoint.save(network);
                modelSaved = true;
            } catch (RuntimeException e) {
                System.err.println("  warning: saving the model failed (" + e.getMessage()
                        + "); training goes on, the last good one stays");
            } finally {
                checkpointNanos += System.nanoTime() - t0;
            }
        }

        double rate() {
            return trainNanos > 0 ? units / (trainNanos / 1e9) : 0;
        }

        /** Validates, records a curve point, keeps/saves the best weights; true when patience ran out. */
        boolean validate() throws IOException {
            long t0 = System.nanoTime();
            Measured measured = validation.measure(network);
            validationNanos += System.nanoTime() - t0;
            double v = measured.loss();
            CurvePoint p = new CurvePoint(
                    iterations,
                    epochs,
                    (System.nanoTime() - start) / 1e9,
                    lossCount > 0 ? lossSum / lossCount : Double.NaN,
                    v,
                    rate());
            lossSum = 0;
            lossCount = 0;
            curve.add(p);
            csv.add(p);
            if (!options.quiet()) {
                System.err.printf(
                        Locale.ROOT,
                        "  iter %d, epoch %.2f, %.0f s: train %.4f, validation %.4f (per %s)%s, %.0f %s/s%n",
                        p.iteration(),
                        p.epoch(),
                        p.seconds(),
                        p.trainLoss(),
                        p.validationLoss(),
                        singular(options.unit()),
                        validation.describe(measured),
                        p.unitsPerSecond(),
                        options.unit());
            }
            if (!options.keepBest()) {
                best = Math.min(best, v);
                if (checkpoint != null) {
                    saveModel(); // the latest weights are the model
                }
                return false;
            }
            if (measured.criterion() < bestCriterion) {
                bestCriterion = measured.criterion();
                best = v;
                bestParams = network.params().dup();
                sinceBest = 0;
                if (checkpoint != null) {
                    saveModel();
                }
                return false;
            }
            boolean stop = options.patience() > 0 && ++sinceBest >= options.patience();
            if (!stop && options.lrDecay() < 1) {
                batches.scaleLearningRate(options.lrDecay());
                learningRateScale *= options.lrDecay();
                System.err.printf(
                        Locale.ROOT, "  no improvement: learning rate x %.3g of the initial%n", learningRateScale);
            }
            return stop;
        }
    }

    private static String singular(String unit) {
        return unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    }

    private ProgressBar progressBar(int epoch, int batchesPerEpoch) {
        if (!options.progressBar()) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName("epoch " + (epoch + 1) + "/" + options.epochs())
                .setInitialMax(batchesPerEpoch)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .build();
    }

    /** Units that carry a loss: the label mask's ones, or every step when there is no mask. */
    public static long units(INDArray labelMask, INDArray labels) {
        if (labelMask != null) {
            return Math.round(labelMask.sumNumber().doubleValue());
        }
        return labels.rank() == 3 ? labels.size(0) * labels.size(2) : labels.size(0);
    }

    /**
     * DL4J's score for a recurrent output is the masked loss summed over steps, divided by the minibatch
     * size; under truncated BPTT it is that of the last segment only. Dividing by the units of the same
     * segment gives the mean loss per unit, comparable with validation.
     */
    static double lastSegmentLossPerUnit(MultiLayerNetwork network, DataSet ds) {
        var conf = network.getLayerWiseConfigurations();
        long tbptt = conf.getBackpropType() == BackpropType.TruncatedBPTT ? conf.getTbpttFwdLength() : 0;
        return lastSegmentLossPerUnit(
                network.score(), ds.getFeatures().size(0), ds.getLabels(), ds.getLabelsMaskArray(), tbptt);
    }

    static double lastSegmentLossPerUnit(double score, long batch, INDArray labels, INDArray mask, long tbptt) {
        if (labels.rank() != 3) {
            return score;
        }
        long time = labels.size(2);
        long segmentStart = 0;
        if (tbptt > 0 && tbptt < time) {
            segmentStart = ((time - 1) / tbptt) * tbptt;
        }
        double segmentUnits = mask == null
                ? batch * (time - segmentStart)
                : mask.get(NDArrayIndex.all(), NDArrayIndex.interval(segmentStart, time))
                        .sumNumber()
                        .doubleValue();
        return segmentUnits > 0 ? score * batch / segmentUnits : 0.0;
    }
}
