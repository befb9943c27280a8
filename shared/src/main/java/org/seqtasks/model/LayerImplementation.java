package org.seqtasks.model;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqtasks.model.layers.FastLstm;
import org.seqtasks.model.layers.FastRnnOutputLayer;
import org.seqtasks.model.layers.FastSimpleRnn;

/**
 * Which code runs the recurrent layers: {@link #FAST}, this project's layers ({@code org.seqtasks.model.layers}, the
 * default), or {@link #STOCK}, DL4J's own. Both have the same configuration fields and parameter layout, so any saved
 * model loads with either ({@link #convert}); the choice is made once per process ({@code --layers-impl}).
 *
 * <p>{@link #FAST} also runs per-step softmax output layers ({@code RnnOutputLayer}) as {@link FastRnnOutputLayer}
 * unless {@code -Dseqtasks.fastOutput=false}, which keeps DL4J's output layer under the fast recurrent layers (to
 * measure the one against the other).
 */
public enum LayerImplementation {
    FAST,
    STOCK;

    private static final String[][] CLASS_PAIRS = {
        {LSTM.class.getName(), FastLstm.class.getName()},
        {SimpleRnn.class.getName(), FastSimpleRnn.class.getName()},
    };

    private static final String[] OUTPUT_PAIR = {RnnOutputLayer.class.getName(), FastRnnOutputLayer.class.getName()};

    private static final boolean FAST_OUTPUT = Boolean.parseBoolean(System.getProperty("seqtasks.fastOutput", "true"));

    private static volatile LayerImplementation current = fromProperty();

    private static LayerImplementation fromProperty() {
        String value = System.getProperty("seqtasks.layers", "fast");
        return parse(value);
    }

    /** The implementation networks are built and loaded with in this process. */
    public static LayerImplementation current() {
        return current;
    }

    public static void use(LayerImplementation implementation) {
        current = implementation;
    }

    public static LayerImplementation parse(String name) {
        for (LayerImplementation i : values()) {
            if (i.name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown layer implementation '" + name + "' (expected fast or stock)");
    }

    /** A configured DL4J recurrent layer, as this implementation runs it. */
    Layer of(Layer stock) {
        if (this == STOCK) {
            return stock;
        }
        if (stock instanceof LSTM lstm) {
            return FastLstm.of(lstm);
        }
        if (stock instanceof SimpleRnn rnn) {
            return FastSimpleRnn.of(rnn);
        }
        if (FAST_OUTPUT && stock.getClass() == RnnOutputLayer.class) {
            return FastRnnOutputLayer.of((RnnOutputLayer) stock);
        }
        return stock;
    }

    private String rewrite(String json) {
        if (this == STOCK && json.matches("(?s).*\"initialStateFromInputTail\"\\s*:\\s*true.*")) {
            throw new IllegalArgumentException(
                    "this network has a layer that starts from its input tail, which DL4J's own layers cannot run");
        }
        String out = json;
        for (String[] pair : CLASS_PAIRS) {
            out = replaceClass(out, this == FAST ? pair[0] : pair[1], this == FAST ? pair[1] : pair[0]);
        }
        boolean fastOutput = this == FAST && FAST_OUTPUT;
        return replaceClass(
                out, fastOutput ? OUTPUT_PAIR[0] : OUTPUT_PAIR[1], fastOutput ? OUTPUT_PAIR[1] : OUTPUT_PAIR[0]);
    }

    private static String replaceClass(String json, String from, String to) {
        return json.replace("\"@class\" : \"" + from + "\"", "\"@class\" : \"" + to + "\"");
    }

    /**
     * The same network (weights, updater state, counters) with its recurrent layers run by this implementation; the
     * network itself when there is nothing to change.
     */
    public Model convert(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            String json = net.getLayerWiseConfigurations().toJson();
            String rewritten = rewrite(json);
            if (rewritten.equals(json)) {
                return net;
            }
            MultiLayerNetwork out = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(rewritten));
            out.init(net.params().dup(), false);
            copyUpdaterState(
                    net.getUpdater() == null ? null : net.getUpdater().getStateViewArray(),
                    out.getUpdater().getStateViewArray());
            return out;
        }
        if (model instanceof ComputationGraph graph) {
            String json = graph.getConfiguration().toJson();
            String rewritten = rewrite(json);
            if (rewritten.equals(json)) {
                return graph;
            }
            ComputationGraph out = new ComputationGraph(ComputationGraphConfiguration.fromJson(rewritten));
            out.init(graph.params().dup(), false);
            copyUpdaterState(
                    graph.getUpdater() == null ? null : graph.getUpdater().getStateViewArray(),
                    out.getUpdater().getStateViewArray());
            return out;
        }
        return model;
    }

    private static void copyUpdaterState(INDArray from, INDArray to) {
        if (from != null && to != null && from.length() == to.length()) {
            to.assign(from);
        }
    }
}
