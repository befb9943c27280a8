package org.seqtasks.captioning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The image half of a captioning graph, run on its own for decoding: the chain of layers from the image input up to
 * the image vector, each after its input preprocessor, as the graph runs them. Convolutions go through libnd4j's
 * {@code conv2d} op instead of DL4J's {@code ConvolutionLayer} forward, which in 1.0.0-M2.1 (no oneDNN helper in
 * the default CPU build) did a separate {@code im2col} op and a gemm on a permuted view: 3x the time of the op for
 * the captioner's 3x3 convolution over 32 channels, and most of a decode. Equal to the graph's own forward within
 * 1e-6 (tested); training and {@link CaptioningModel#nll} still use the graph.
 */
final class ImageEncoder {
    private final List<String> chain;
    private final ComputationGraph graph;

    ImageEncoder(ComputationGraph graph, String input, String output) {
        this.graph = graph;
        List<String> reversed = new ArrayList<>();
        for (String v = output; !v.equals(input); ) {
            List<String> inputs = graph.getConfiguration().getVertexInputs().get(v);
            if (inputs == null || inputs.size() != 1) {
                throw new IllegalArgumentException(
                        "the image encoder must be a chain of layers; " + v + " has inputs " + inputs);
            }
            reversed.add(v);
            v = inputs.get(0);
        }
        Collections.reverse(reversed);
        chain = reversed;
    }

    /** The encoder's output for a batch of images as {@link CaptioningModel#images} builds it: [n, imageVector]. */
    INDArray encode(INDArray images) {
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        int n = (int) images.size(0);
        INDArray x = images;
        for (String name : chain) {
            if (graph.getConfiguration().getVertices().get(name) instanceof LayerVertex vertex) {
                InputPreProcessor pre = vertex.getPreProcessor();
                if (pre != null) {
                    x = pre.preProcess(x, n, noWorkspaces);
                }
            }
            Layer layer = graph.getLayer(name);
            x = layer.conf().getLayer() instanceof ConvolutionLayer conv && nativeConv(conv)
                    ? convolve(conv, layer, x)
                    : layer.activate(x, false, noWorkspaces);
        }
        return x;
    }

    /** Plain 2-D convolutions, channels first, valid or same padding: what {@code conv2d} computes the same way. */
    private static boolean nativeConv(ConvolutionLayer conv) {
        ConvolutionMode mode = conv.getConvolutionMode();
        return conv.getClass() == ConvolutionLayer.class
                && conv.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict || mode == ConvolutionMode.Same);
    }

    private static INDArray convolve(ConvolutionLayer conv, Layer layer, INDArray x) {
        int[] k = conv.getKernelSize();
        int[] s = conv.getStride();
        int[] p = conv.getPadding();
        int[] d = conv.getDilation();
        Conv2DConfig config = Conv2DConfig.builder()
                .kH(k[0])
                .kW(k[1])
                .sH(s[0])
                .sW(s[1])
                .pH(p[0])
                .pW(p[1])
                .dH(d[0])
                .dW(d[1])
                .paddingMode(conv.getConvolutionMode() == ConvolutionMode.Same ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat("NCHW")
                .weightsFormat(WeightsFormat.OIYX)
                .build();
        INDArray w = layer.getParam("W");
        INDArray z = conv.hasBias()
                ? Nd4j.cnn().conv2d(x, w, layer.getParam("b").reshape(-1), config)
                : Nd4j.cnn().conv2d(x, w, config);
        return conv.getActivationFn().getActivation(z, false);
    }
}
