package org.seqtasks.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.UserFacingException;
import org.seqtasks.model.ModelArchive;

/**
 * Where a training run is, so that {@code --resume} continues it rather than restarting it: the latest weights and
 * the optimiser's moments (the model file holds the best weights, which are not where training was), the counters,
 * the position in the epoch's data order, the random generator's state, the best score, patience, the learning
 * rates after any decay, the time spent and the curve so far. One binary file, written atomically.
 *
 * @param epoch             the epoch in progress (0-based)
 * @param batchInEpoch      batches of that epoch already fitted
 * @param iterations        minibatches fitted in the whole run
 * @param networkIterations the network's own iteration counter (Adam's bias correction reads it)
 * @param networkEpochs     the network's own epoch counter
 * @param learningRates     each layer's current learning rate (NaN for a layer without parameters)
 * @param rngRootState      ND4J's global generator (dropout masks), root state
 * @param rngNodeState      and node state
 */
public record TrainingCheckpoint(
        int epoch,
        int batchInEpoch,
        long iterations,
        double epochs,
        double trainSeconds,
        double waitSeconds,
        double elapsedSeconds,
        long units,
        double lossSum,
        long lossCount,
        double best,
        double bestCriterion,
        int sinceBest,
        double learningRateScale,
        boolean modelSaved,
        int networkIterations,
        int networkEpochs,
        double[] learningRates,
        long rngRootState,
        long rngNodeState,
        List<CurvePoint> curve,
        INDArray params,
        INDArray updaterState) {
    public static final String FILE = "checkpoint.bin";
    private static final String MAGIC = "seqtasks-training-checkpoint";
    private static final int VERSION = 1;

    public void write(Path file) {
        ModelArchive.writeAtomically(file, out -> {
            DataOutputStream d = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
            d.writeUTF(MAGIC);
            d.writeInt(VERSION);
            d.writeInt(epoch);
            d.writeInt(batchInEpoch);
            d.writeLong(iterations);
            d.writeDouble(epochs);
            d.writeDouble(trainSeconds);
            d.writeDouble(waitSeconds);
            d.writeDouble(elapsedSeconds);
            d.writeLong(units);
            d.writeDouble(lossSum);
            d.writeLong(lossCount);
            d.writeDouble(best);
            d.writeDouble(bestCriterion);
            d.writeInt(sinceBest);
            d.writeDouble(learningRateScale);
            d.writeBoolean(modelSaved);
            d.writeInt(networkIterations);
            d.writeInt(networkEpochs);
            d.writeInt(learningRates.length);
            for (double lr : learningRates) {
                d.writeDouble(lr);
            }
            d.writeLong(rngRootState);
            d.writeLong(rngNodeState);
            d.writeInt(curve.size());
            for (CurvePoint p : curve) {
                d.writeLong(p.iteration());
                d.writeDouble(p.epoch());
                d.writeDouble(p.seconds());
                d.writeDouble(p.trainLoss());
                d.writeDouble(p.validationLoss());
                d.writeDouble(p.unitsPerSecond());
            }
            Nd4j.write(params, d);
            d.writeBoolean(updaterState != null);
            if (updaterState != null) {
                Nd4j.write(updaterState, d);
            }
            d.writeUTF(MAGIC); // a file cut short anywhere lacks this
            d.flush();
        });
    }

    /** Reads a checkpoint; a missing, truncated or foreign file is one line naming it. */
    public static TrainingCheckpoint read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            DataInputStream d = new DataInputStream(new BufferedInputStream(in, 1 << 16));
            if (!MAGIC.equals(readMagic(d))) {
                throw new UserFacingException(file + ": not a seqtasks training checkpoint");
            }
            int version = d.readInt();
            if (version != VERSION) {
                throw new UserFacingException(
                        file + ": checkpoint version " + version + ", this build reads " + VERSION);
            }
            int epoch = d.readInt();
            int batchInEpoch = d.readInt();
            long iterations = d.readLong();
            double epochs = d.readDouble();
            double trainSeconds = d.readDouble();
            double waitSeconds = d.readDouble();
            double elapsedSeconds = d.readDouble();
            long units = d.readLong();
            double lossSum = d.readDouble();
            long lossCount = d.readLong();
            double best = d.readDouble();
            double bestCriterion = d.readDouble();
            int sinceBest = d.readInt();
            double scale = d.readDouble();
            boolean modelSaved = d.readBoolean();
            int networkIterations = d.readInt();
            int networkEpochs = d.readInt();
            double[] lrs = new double[checkedCount(d.readInt(), file)];
            for (int i = 0; i < lrs.length; i++) {
                lrs[i] = d.readDouble();
            }
            long root = d.readLong();
            long node = d.readLong();
            int points = checkedCount(d.readInt(), file);
            List<CurvePoint> curve = new ArrayList<>(points);
            for (int i = 0; i < points; i++) {
                curve.add(new CurvePoint(
                        d.readLong(), d.readDouble(), d.readDouble(), d.readDouble(), d.readDouble(), d.readDouble()));
            }
            INDArray params = Nd4j.read(d);
            INDArray updater = d.readBoolean() ? Nd4j.read(d) : null;
            if (!MAGIC.equals(readMagic(d))) {
                throw new UserFacingException(file + ": training checkpoint is incomplete");
            }
            return new TrainingCheckpoint(
                    epoch,
                    batchInEpoch,
                    iterations,
                    epochs,
                    trainSeconds,
                    waitSeconds,
                    elapsedSeconds,
                    units,
                    lossSum,
                    lossCount,
                    best,
                    bestCriterion,
                    sinceBest,
                    scale,
                    modelSaved,
                    networkIterations,
                    networkEpochs,
                    lrs,
                    root,
                    node,
                    curve,
                    params,
                    updater);
        } catch (NoSuchFileException e) {
            throw new UserFacingException(file + ": no training checkpoint");
        } catch (EOFException e) {
            throw new UserFacingException(file + ": training checkpoint is truncated");
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserFacingException s) {
                throw s;
            }
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof EOFException) {
                    throw new UserFacingException(file + ": training checkpoint is truncated");
                }
            }
            throw new UserFacingException(file + ": unreadable training checkpoint (" + e.getMessage() + ")", e);
        }
    }

    private static String readMagic(DataInputStream d) throws IOException {
        try {
            return d.readUTF();
        } catch (UTFDataFormatException | EOFException e) {
            return null; // not our header (a foreign file's first bytes read as a length)
        }
    }

    private static int checkedCount(int n, Path file) {
        if (n < 0 || n > 10_000_000) {
            throw new UserFacingException(file + ": corrupt training checkpoint (count " + n + ")");
        }
        return n;
    }
}
