package org.seqtasks.model.layers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The implementation behind {@link FastRnnOutputLayer}: DL4J's {@link RnnOutputLayer} for [batch, features, time]
 * input with softmax and unweighted multi-class cross-entropy, its forward pass, loss and gradient done as one gemm
 * for all N*T steps, one flat pass for softmax, loss and {@code (p - y) * mask} ({@link SoftmaxCrossEntropy}), and
 * the two gemms of the backward pass.
 *
 * <p>Rows are ordered r = n + N*t, so a [N*T, k] 'f' matrix reshaped to [N, T, k] and permuted is the [N, k, T]
 * array DL4J expects: outputs and epsilons leave as such views, without a copy. Only the input is copied once into
 * that layout (the recurrent layers write [N, H, T] 'f', whose steps are not rows of one matrix).
 *
 * <p>The training pass computes the loss along with the gradient; DL4J asks for the score right after
 * ({@code computeScore}), which then reads it instead of repeating the forward pass. Per-output (rank-3) label masks
 * run DL4J's own code, as does everything this class does not override ({@code computeScoreForExamples}, f1).
 */
final class FastSoftmaxOutputLayer extends RnnOutputLayer {
    private final SoftmaxCrossEntropy kernel = new SoftmaxCrossEntropy();
    private double[] values = new double[0];
    private double[] labelValues = new double[0];

    /** The summed loss of the last training pass and the arrays it was computed from; consumed by computeScore. */
    private double lastLossSum = Double.NaN;

    private INDArray lastInput;
    private INDArray lastLabels;
    private INDArray lastMask;

    FastSoftmaxOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private int classes() {
        return (int) layerConf().getNOut();
    }

    private double clipEps() {
        return ((LossMCXENT) layerConf().getLossFn()).getSoftmaxClipEps();
    }

    /** A label mask this layer handles: none, or one value per step (DL4J's setMaskArray makes it [N*T, 1]). */
    private boolean perStepMask() {
        return maskArray == null || maskArray.isVectorOrScalar() && maskArray.length() == input.size(0) * input.size(2);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 3 || !perStepMask()) {
            return super.activate(training, workspaceMgr);
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        int rows = rows();
        INDArray z = logits(training, ArrayType.FF_WORKING_MEM, ArrayType.ACTIVATIONS, workspaceMgr);
        double[] p = read(z, rows * classes());
        kernel.softmax(p, rows, classes(), bias(training, workspaceMgr));
        SoftmaxCrossEntropy.maskRows(p, rows, classes(), stepMask());
        write(p, z);
        return asSequence(z);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (input.rank() != 3 || !perStepMask()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        applyDropOutIfNecessary(true, workspaceMgr);
        int rows = rows();
        int k = classes();
        INDArray x = inputRows(ArrayType.BP_WORKING_MEM, workspaceMgr);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray z = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, new long[] {rows, k}, 'f');
        Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
        double[] p = read(z, rows * k);
        kernel.softmax(p, rows, k, bias(true, workspaceMgr));
        double[] y = labelsAsRows(rows, k);
        double[] mask = stepMask();
        lastLossSum = SoftmaxCrossEntropy.loss(p, y, rows, k, mask, clipEps());
        lastInput = input;
        lastLabels = labels;
        lastMask = maskArray;
        double[] biasGrad = new double[k];
        SoftmaxCrossEntropy.gradient(p, y, rows, k, mask, biasGrad);
        write(p, z);

        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(x, z, weightGrad, true, false, 1.0, 0.0);
        INDArray biasGradView = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
        for (int j = 0; j < k; j++) {
            biasGradView.putScalar(j, biasGrad[j]);
        }
        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradView);

        INDArray epsRows = workspaceMgr.createUninitialized(
                ArrayType.ACTIVATION_GRAD, dataType, new long[] {rows, w.size(0)}, 'f');
        Nd4j.gemm(z, w, epsRows, false, true, 1.0, 0.0);
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(asSequence(epsRows)));
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (input == null || labels == null) {
            throw new IllegalStateException("Cannot calculate score without input and labels " + layerId());
        }
        if (input.rank() != 3 || !perStepMask()) {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        double lossSum;
        if (training && lastInput == input && lastLabels == labels && lastMask == maskArray) {
            lossSum = lastLossSum;
        } else {
            int rows = rows();
            INDArray z = logits(training, ArrayType.FF_WORKING_MEM, ArrayType.FF_WORKING_MEM, workspaceMgr);
            double[] p = read(z, rows * classes());
            kernel.softmax(p, rows, classes(), bias(training, workspaceMgr));
            lossSum =
                    SoftmaxCrossEntropy.loss(p, labelsAsRows(rows, classes()), rows, classes(), stepMask(), clipEps());
        }
        lastInput = null;
        double score = lossSum;
        // As DL4J's BaseOutputLayer: the summed loss over the minibatch size (examples, not steps), then
        // regularisation.
        if (conf().isMiniBatch()) {
            score /= getInputMiniBatchSize();
        }
        score += fullNetRegTerm;
        this.score = score;
        return score;
    }

    @Override
    public void clear() {
        super.clear();
        lastInput = null;
        lastLabels = null;
        lastMask = null;
    }

    private int rows() {
        if (input.size(1) != layerConf().getNIn()) {
            throw new DL4JInvalidInputException("output layer " + layerId() + " has nIn = "
                    + layerConf().getNIn() + " but received input with size(1) = " + input.size(1));
        }
        return Math.toIntExact(input.size(0) * input.size(2));
    }

    /** The input as a [N*T, nIn] 'f' matrix, rows r = n + N*t (one strided copy). */
    private INDArray inputRows(ArrayType type, LayerWorkspaceMgr workspaceMgr) {
        long n = input.size(0);
        long t = input.size(2);
        long nIn = input.size(1);
        INDArray x = workspaceMgr.createUninitialized(type, dataType, new long[] {n * t, nIn}, 'f');
        if (input.ordering() == 'f' && Shape.hasDefaultStridesForShape(input) && input.dataType() == dataType) {
            copyStepBlocks(input, x);
        } else {
            x.reshape('f', n, t, nIn).permute(0, 2, 1).assign(input);
        }
        return x;
    }

    /**
     * [N, nIn, T] 'f' (what the recurrent layers write) into [N*T, nIn] 'f': element (n, i, t) moves from
     * n + N*i + N*nIn*t to n + N*t + N*T*i, runs of N copied in bulk. ND4J's strided assign of the same permutation
     * took a quarter of this layer's time in the charlm profile.
     */
    private static void copyStepBlocks(INDArray from, INDArray to) {
        int n = (int) from.size(0);
        int nIn = (int) from.size(1);
        int t = (int) from.size(2);
        int rows = n * t;
        int src = Math.toIntExact(from.offset());
        int dst = Math.toIntExact(to.offset());
        if (from.dataType() == DataType.FLOAT) {
            float[] all = new float[n * nIn * t];
            from.data().asNioFloat().get(src, all, 0, all.length);
            FloatBuffer out = to.data().asNioFloat();
            for (int tt = 0; tt < t; tt++) {
                for (int i = 0; i < nIn; i++) {
                    out.put(dst + n * tt + rows * i, all, n * i + n * nIn * tt, n);
                }
            }
        } else {
            double[] all = new double[n * nIn * t];
            from.data().asNioDouble().get(src, all, 0, all.length);
            DoubleBuffer out = to.data().asNioDouble();
            for (int tt = 0; tt < t; tt++) {
                for (int i = 0; i < nIn; i++) {
                    out.put(dst + n * tt + rows * i, all, n * i + n * nIn * tt, n);
                }
            }
        }
    }

    /** Input times W, [N*T, nOut] 'f' (the bias is added by the softmax pass). */
    private INDArray logits(boolean training, ArrayType inputType, ArrayType outType, LayerWorkspaceMgr workspaceMgr) {
        int rows = rows();
        INDArray x = inputRows(inputType, workspaceMgr);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray z = workspaceMgr.createUninitialized(outType, dataType, new long[] {rows, classes()}, 'f');
        Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
        return z;
    }

    private double[] bias(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr)
                .toDoubleVector();
    }

    /** [N*T, k] rows as the [N, k, T] sequence they are, without a copy. */
    private INDArray asSequence(INDArray rowsMatrix) {
        long n = input.size(0);
        long t = input.size(2);
        return rowsMatrix.reshape('f', n, t, rowsMatrix.size(1)).permute(0, 2, 1);
    }

    private double[] stepMask() {
        return maskArray == null ? null : maskArray.toDoubleVector();
    }

    /**
     * The labels [N, k, T] in the kernel's layout, element (r = n + N*t, j) at r + rows*j, read through their strides:
     * under truncated BPTT they are a view of each segment's steps, which a dup would copy once more.
     */
    private double[] labelsAsRows(int rows, int k) {
        INDArray l = labels.dataType() == dataType ? labels : labels.castTo(dataType);
        int n = (int) l.size(0);
        int t = (int) l.size(2);
        long[] stride = l.stride();
        long offset = l.offset();
        if (labelValues.length < rows * k) {
            labelValues = new double[rows * k];
        }
        double[] y = labelValues;
        FloatBuffer floats = dataType == DataType.FLOAT ? l.data().asNioFloat() : null;
        DoubleBuffer doubles = floats == null ? l.data().asNioDouble() : null;
        // A run of steps is contiguous in 'c' labels and their segment views: read it in bulk, then scatter.
        boolean stepRuns = stride[2] == 1;
        float[] floatRun = floats != null && stepRuns ? new float[t] : null;
        double[] doubleRun = doubles != null && stepRuns ? new double[t] : null;
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                int from = Math.toIntExact(offset + i * stride[0] + j * stride[1]);
                int to = j * rows + i;
                if (floatRun != null) {
                    floats.get(from, floatRun, 0, t);
                    for (int tt = 0; tt < t; tt++) {
                        y[to + n * tt] = floatRun[tt];
                    }
                } else if (doubleRun != null) {
                    doubles.get(from, doubleRun, 0, t);
                    for (int tt = 0; tt < t; tt++) {
                        y[to + n * tt] = doubleRun[tt];
                    }
                } else {
                    for (int tt = 0; tt < t; tt++) {
                        int at = Math.toIntExact(from + tt * stride[2]);
                        y[to + n * tt] = floats != null ? floats.get(at) : doubles.get(at);
                    }
                }
            }
        }
        return y;
    }

    /** The first {@code length} elements of a dense array made here, as doubles (a reused buffer). */
    private double[] read(INDArray a, int length) {
        if (values.length < length) {
            values = new double[length];
        }
        double[] v = values;
        int offset = Math.toIntExact(a.offset());
        if (dataType == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int i = 0; i < length; i++) {
                v[i] = b.get(offset + i);
            }
        } else {
            a.data().asNioDouble().get(offset, v, 0, length);
        }
        return v;
    }

    private void write(double[] v, INDArray a) {
        int length = Math.toIntExact(a.length());
        int offset = Math.toIntExact(a.offset());
        if (dataType == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int i = 0; i < length; i++) {
                b.put(offset + i, (float) v[i]);
            }
        } else {
            a.data().asNioDouble().put(offset, v, 0, length);
        }
    }
}
