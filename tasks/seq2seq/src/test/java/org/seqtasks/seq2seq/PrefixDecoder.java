package org.seqtasks.seq2seq;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.model.BeamSearch;

/**
 * The reference decoder: runs the whole graph on each row's target prefix at every step and reads the last position
 * (how translation decoded before {@link SteppedDecoder}; quadratic in the output length but with no stepping state
 * of its own). Every row's prefix grows by one token a step (finished rows by {@code <eos>}), so no target mask.
 */
final class PrefixDecoder implements BeamSearch.Decoder {
    private final Seq2SeqModel model;
    private final INDArray sources;
    private final INDArray sourceMask;
    private int[][] prefixes;

    PrefixDecoder(Seq2SeqModel model, INDArray[] sources, int beam) {
        this.model = model;
        this.sources = repeatRows(sources[0], beam);
        this.sourceMask = repeatRows(sources[1], beam);
    }

    @Override
    public void start(int rows) {
        if (rows != sources.size(0)) {
            throw new IllegalStateException("decoder built for " + sources.size(0) + " rows, asked for " + rows);
        }
        prefixes = new int[rows][0];
    }

    @Override
    public float[][] step(int[] tokens) {
        int rows = tokens.length;
        int time = prefixes[0].length + 1;
        float[] ids = new float[rows * time];
        for (int r = 0; r < rows; r++) {
            prefixes[r] = Arrays.copyOf(prefixes[r], time);
            prefixes[r][time - 1] = tokens[r];
            for (int t = 0; t < time; t++) {
                ids[r * time + t] = prefixes[r][t];
            }
        }
        INDArray probs = model.graph()
                .output(
                        false,
                        new INDArray[] {sources, Nd4j.create(ids, new long[] {rows, 1, time}, DataType.FLOAT)},
                        new INDArray[] {sourceMask, Nd4j.ones(DataType.FLOAT, rows, time)},
                        null)[0];
        int v = model.targetVocabulary().size();
        float[] p = probs.dup('c').data().asFloat(); // [rows, v, time]
        float[][] out = new float[rows][v];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < v; c++) {
                out[r][c] = (float) Math.log(Math.max(p[(r * v + c) * time + time - 1], 1e-30f));
            }
        }
        return out;
    }

    @Override
    public void reorder(int[] parents) {
        int[][] reordered = new int[parents.length][];
        for (int r = 0; r < parents.length; r++) {
            reordered[r] = prefixes[parents[r]];
        }
        prefixes = reordered;
    }

    private static INDArray repeatRows(INDArray a, int times) {
        int[] rows = new int[(int) a.size(0) * times];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i / times;
        }
        if (a.rank() == 2) {
            return a.getRows(rows);
        }
        INDArray flat = a.reshape(a.size(0), a.length() / a.size(0)).getRows(rows);
        long[] shape = a.shape().clone();
        shape[0] = rows.length;
        return flat.reshape(shape);
    }
}
