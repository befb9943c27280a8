package org.seqtasks.model;

import java.util.List;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.AttentionVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.seqtasks.UserFacingException;
import org.seqtasks.model.layers.StartsFromInputTail;

/**
 * The one place that turns an {@link RnnConfig} into a DL4J network, for each RNN shape. Tasks choose a
 * shape and sizes; cell type, stacking, direction, truncated BPTT, clipping, dropout, weight decay and
 * initialisation are decided here, identically for SimpleRnn and LSTM, so comparisons differ only in the cell.
 */
public final class RecurrentNetworks {
    private RecurrentNetworks() {}

    /**
     * Synced many-to-many: {@code nIn} features per step (one-hot ids or dense vectors) -> stacked
     * recurrent layers -> a softmax over {@code nOut} classes at every step. The character language
     * model (next character) and taggers use it.
     */
    public static MultiLayerNetwork perStepClassifier(RnnConfig config, int nIn, int nOut) {
        NeuralNetConfiguration.ListBuilder list = base(config).list();
        int index = addRecurrentStack(list, config, nIn, 0);
        int width = outputWidth(config);
        // dataFormat must be explicit after Bidirectional, or DL4J reports a misleading length mismatch.
        list.layer(
                index,
                perStepOutput(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX)
                        .nIn(width)
                        .nOut(nOut)
                        .dataFormat(RNNFormat.NCW)
                        .build()));
        return initialised(list, config);
    }

    /**
     * Synced many-to-many with no dense layer on top: the last recurrent layer's state is the logits of a softmax over
     * its own {@code config.hidden()} units (the lecture's hihello model; it needs hidden = the number of classes).
     */
    public static MultiLayerNetwork perStepWithoutOutputLayer(RnnConfig config, int nIn) {
        NeuralNetConfiguration.ListBuilder list = base(config).list();
        int index = addRecurrentStack(list, config, nIn, 0);
        list.layer(
                index,
                new RnnLossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX)
                        .build());
        return initialised(list, config);
    }

    /**
     * One id per step fed to its own embedding table: a word, an affix, a spelling shape. {@code name}
     * names the graph input; {@code vocabularySize} ids are looked up in a table of {@code embeddingSize}.
     */
    public record EmbeddedInput(String name, int vocabularySize, int embeddingSize) {}

    /**
     * Synced many-to-many over several id channels per step (a tagger's word and spelling features): each
     * channel -> its own embedding -> concatenated -> stacked recurrent layers -> a softmax over
     * {@code classes} at every step. A ComputationGraph with one input per channel, in {@code inputs} order.
     * Dropout ({@code config.dropout()}) applies to each recurrent layer's input and to the output layer's.
     */
    public static ComputationGraph perStepTagger(RnnConfig config, List<EmbeddedInput> inputs, int classes) {
        requireFullBpttIfBidirectional(config);
        ComputationGraphConfiguration.GraphBuilder g = base(config).graphBuilder();
        String[] names = inputs.stream().map(EmbeddedInput::name).toArray(String[]::new);
        g.addInputs(names);
        String[] embedded = new String[names.length];
        int width = 0;
        for (int i = 0; i < names.length; i++) {
            EmbeddedInput in = inputs.get(i);
            embedded[i] = embeddingLayerName(in.name());
            // nIn set by hand, no setInputTypes: with input types DL4J resets an embedding's nIn to 1 (DESIGN.md).
            g.addLayer(embedded[i], wordEmbedding(config, in.vocabularySize(), in.embeddingSize(), 1), in.name());
            width += in.embeddingSize();
        }
        String previous = "features";
        g.addVertex(previous, new MergeVertex(), embedded);
        for (int i = 0; i < config.layers(); i++) {
            Layer layer = recurrentLayer(config, width);
            String name = "recurrent-" + i;
            g.addLayer(
                    name,
                    config.bidirectional() ? new Bidirectional(Bidirectional.Mode.CONCAT, layer) : layer,
                    previous);
            previous = name;
            width = outputWidth(config);
        }
        var out = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nIn(width)
                .nOut(classes)
                .dataFormat(RNNFormat.NCW);
        outputDropout(out, config);
        g.addLayer("tags", perStepOutput(out.build()), previous);
        g.setOutputs("tags");
        if (config.tbptt() > 0) {
            g.backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTForwardLength(config.tbptt())
                    .tBPTTBackwardLength(config.tbptt());
        }
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /** The name of the embedding layer of input {@code input} in a {@link #perStepTagger} graph. */
    public static String embeddingLayerName(String input) {
        return "embed-" + input;
    }

    /** How a sequence classifier turns per-step states into one vector. */
    public enum Pooling {
        /**
         * The state at each sequence's last real step (the lecture's many-to-one). Trained through an
         * {@code RnnOutputLayer} with a label mask on that step, which also works under truncated BPTT.
         */
        LAST,
        /**
         * The element-wise maximum over the real steps. Works for either direction; for bidirectional layers
         * "last step" would waste half the model, since there the backward direction has read a single word.
         */
        MAX,
        /**
         * Bidirectional only: the forward direction's state after the last real word and the backward
         * direction's after reading back to the first, concatenated (Tai et al. 2015's BiLSTM). A
         * {@link ComputationGraph}: see {@link #bidirectionalEndsClassifier}.
         */
        ENDS;

        /** The pooling a classifier gets unless asked otherwise. */
        public static Pooling defaultFor(boolean bidirectional) {
            return bidirectional ? MAX : LAST;
        }

        public static Pooling parse(String name) {
            for (Pooling p : values()) {
                if (p.name().equalsIgnoreCase(name)) {
                    return p;
                }
            }
            throw new UserFacingException("unknown pooling '" + name + "' (expected last, max or ends)");
        }
    }

    /** The input name of a {@link #bidirectionalEndsClassifier}: one word id per step. */
    public static final String WORDS = "words";

    /**
     * Many-to-one: word ids -> an embedding -> stacked recurrent layers -> one softmax over
     * {@code classes} per sequence, read at the last real step or pooled over time. The embedding learns at
     * {@code embeddingLrScale} times the learning rate of the rest (see {@link #wordEmbedding}).
     */
    public static MultiLayerNetwork sequenceClassifier(
            RnnConfig config,
            int vocabularySize,
            int embeddingSize,
            double embeddingLrScale,
            int classes,
            Pooling pooling) {
        requireFullBpttIfBidirectional(config);
        if (pooling == Pooling.ENDS) {
            throw new UserFacingException(
                    "--pooling ends is a ComputationGraph: build it with bidirectionalEndsClassifier");
        }
        if (pooling != Pooling.LAST && config.tbptt() > 0) {
            throw new UserFacingException("truncated BPTT needs last-step pooling (the loss must sit on one step)");
        }
        NeuralNetConfiguration.ListBuilder list = base(config).list();
        list.layer(0, wordEmbedding(config, vocabularySize, embeddingSize, embeddingLrScale));
        int index = addRecurrentStack(list, config, embeddingSize, 1);
        int width = outputWidth(config);
        if (pooling == Pooling.LAST) {
            var out = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .activation(Activation.SOFTMAX)
                    .nIn(width)
                    .nOut(classes)
                    .dataFormat(RNNFormat.NCW);
            outputDropout(out, config);
            list.layer(index, perStepOutput(out.build()));
        } else {
            list.layer(index++, new GlobalPoolingLayer.Builder(PoolingType.MAX).build());
            var out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .activation(Activation.SOFTMAX)
                    .nIn(width)
                    .nOut(classes);
            outputDropout(out, config);
            list.layer(index, out.build());
        }
        return initialised(list, config);
    }

    /**
     * Many-to-one, {@link Pooling#ENDS}: word ids -> an embedding -> {@code layers - 1} bidirectional layers -> a
     * last layer whose two directions are separate layers, the backward one reading a {@link ReverseTimeSeriesVertex}
     * copy -> each direction's state at its own last real step ({@link LastTimeStepVertex}, both honouring the mask
     * of input {@link #WORDS}) -> concatenated -> softmax over {@code classes}. DL4J's Bidirectional wrapper only
     * gives both directions per time step, where the backward state at the last step has read one word.
     */
    public static ComputationGraph bidirectionalEndsClassifier(
            RnnConfig config, int vocabularySize, int embeddingSize, double embeddingLrScale, int classes) {
        if (!config.bidirectional()) {
            throw new UserFacingException(
                    "--pooling ends needs --bidirectional (one direction's end is --pooling last)");
        }
        requireFullBpttIfBidirectional(config);
        ComputationGraphConfiguration.GraphBuilder g = base(config).graphBuilder();
        g.addInputs(WORDS);
        String previous = embeddingLayerName(WORDS);
        // nIn set by hand, no setInputTypes: with input types DL4J resets an embedding's nIn to 1 (DESIGN.md).
        g.addLayer(previous, wordEmbedding(config, vocabularySize, embeddingSize, embeddingLrScale), WORDS);
        int width = embeddingSize;
        for (int i = 0; i < config.layers() - 1; i++) {
            String name = "recurrent-" + i;
            g.addLayer(name, new Bidirectional(Bidirectional.Mode.CONCAT, recurrentLayer(config, width)), previous);
            previous = name;
            width = outputWidth(config);
        }
        g.addLayer("forward", recurrentLayer(config, width), previous);
        g.addVertex("reversed", new ReverseTimeSeriesVertex(WORDS), previous);
        g.addLayer("backward", recurrentLayer(config, width), "reversed");
        g.addVertex("forward-end", new LastTimeStepVertex(WORDS), "forward");
        g.addVertex("backward-end", new LastTimeStepVertex(WORDS), "backward");
        g.addVertex("ends", new MergeVertex(), "forward-end", "backward-end");
        var out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nIn(2 * config.hidden())
                .nOut(classes);
        outputDropout(out, config);
        g.addLayer("label", out.build(), "ends");
        g.setOutputs("label");
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /** Applies the config's truncated BPTT (if any) to a network's layer list, builds and initialises it. */
    private static MultiLayerNetwork initialised(NeuralNetConfiguration.ListBuilder list, RnnConfig config) {
        if (config.tbptt() > 0) {
            list.backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTForwardLength(config.tbptt())
                    .tBPTTBackwardLength(config.tbptt());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** A per-step output layer as the current {@link LayerImplementation} runs it (recurrentLayer's twin). */
    static Layer perStepOutput(RnnOutputLayer stock) {
        return LayerImplementation.current().of(stock);
    }

    /** Dropout on an output layer's input, at the config's rate (the recurrent layers get theirs in recurrentLayer). */
    private static void outputDropout(Layer.Builder<?> out, RnnConfig config) {
        if (config.dropout() > 0) {
            out.dropOut(1.0 - config.dropout());
        }
    }

    private static void requireFullBpttIfBidirectional(RnnConfig config) {
        if (config.bidirectional() && config.tbptt() > 0) {
            throw new UserFacingException(
                    "truncated BPTT cannot be combined with --bidirectional: the backward pass needs the whole sequence");
        }
    }

    /**
     * An id -> vector table (words, or a tagger's feature channels) whose learning rate is {@code learningRateScale} times the network's (1 = the same,
     * 0 = frozen). Pretrained vectors fine-tuned at the full rate move fast for the words training sees and not at
     * all for the rest, so a word met only in testing keeps a vector from a space the model has left; a slower table
     * stays closer to that space.
     */
    private static Layer wordEmbedding(
            RnnConfig config, int vocabularySize, int embeddingSize, double learningRateScale) {
        if (!(learningRateScale >= 0)) {
            throw new UserFacingException("the embedding's learning-rate scale must be >= 0, got " + learningRateScale);
        }
        var embedding = new EmbeddingSequenceLayer.Builder().nIn(vocabularySize).nOut(embeddingSize);
        if (learningRateScale == 0) {
            // Adam at rate 0 still moves weights by rounding; DL4J's frozen wrapper passes gradients on and keeps the
            // table.
            return new FrozenLayerWithBackprop(embedding.build());
        }
        if (learningRateScale != 1) {
            embedding.updater(new Adam(config.learningRate() * learningRateScale));
        }
        return embedding.build();
    }

    /**
     * An embedding table drawn from N(0, 1), as PyTorch's {@code nn.Embedding} starts. Xavier's fan-in is the vocabulary
     * (4,240 French words on Tatoeba), which starts every vector near 0.02 in scale: the first updates of a translator then
     * learn from inputs that barely differ from one word to the next (docs/results.md, seq2seq).
     */
    private static Layer unitNormal(Layer embedding) {
        ((BaseLayer) embedding).setWeightInitFn(new WeightInitDistribution(new NormalDistribution(0, 1)));
        return embedding;
    }

    /** Adds {@code config.layers()} recurrent layers from position {@code index}; returns the next free index. */
    private static int addRecurrentStack(
            NeuralNetConfiguration.ListBuilder list, RnnConfig config, int nIn, int index) {
        int width = nIn;
        for (int i = 0; i < config.layers(); i++) {
            Layer layer = recurrentLayer(config, width);
            list.layer(index++, config.bidirectional() ? new Bidirectional(Bidirectional.Mode.CONCAT, layer) : layer);
            width = outputWidth(config);
        }
        return index;
    }

    /**
     * One recurrent layer of the config's cell and size reading {@code nIn} features, dropout on its input. Every
     * recurrent layer of the project is built here, so the choice of implementation reaches every task.
     */
    public static Layer recurrentLayer(RnnConfig config, int nIn) {
        return config.cell().layer(nIn, config.hidden(), 1.0 - config.dropout());
    }

    /** The width of a recurrent layer's output: both directions' states when bidirectional. */
    public static int outputWidth(RnnConfig config) {
        return config.bidirectional() ? 2 * config.hidden() : config.hidden();
    }

    /** The optimiser and initialisation every network here shares (Adam, Xavier, clipping, L2, float). */
    public static NeuralNetConfiguration.Builder base(RnnConfig config) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(config.learningRate()))
                .weightInit(WeightInit.XAVIER);
        if (config.clip() > 0) {
            b.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(config.clip());
        }
        if (config.l2() > 0) {
            b.l2(config.l2());
        }
        return b;
    }

    /**
     * Many-to-one regression on dense inputs: {@code nIn} features per step -> stacked recurrent layers -> the last
     * layer's state at the final step ({@code LastTimeStep}) -> one linear unit on mean squared error (the stock lab's
     * next-day Close). For short windows trained whole: {@code LastTimeStep} cannot be combined with truncated BPTT.
     */
    public static MultiLayerNetwork lastStepRegressor(RnnConfig config, int nIn) {
        requireForwardFullBptt(config, "a last-step regressor");
        NeuralNetConfiguration.ListBuilder list = base(config).list();
        int width = nIn;
        for (int i = 0; i < config.layers(); i++) {
            Layer layer = recurrentLayer(config, width);
            list.layer(i, i == config.layers() - 1 ? new LastTimeStep(layer) : layer);
            width = config.hidden();
        }
        list.layer(
                config.layers(),
                new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY)
                        .nIn(width)
                        .nOut(1)
                        .build());
        return initialised(list, config);
    }

    /**
     * Many-to-one classification of dense series (time-series classification): {@code nIn} values per step -> stacked
     * recurrent layers -> a softmax over {@code classes} per step, trained and read only at each series' last step
     * through a label mask. That is the layout DataVec's {@code SequenceRecordReaderDataSetIterator} gives with
     * {@code ALIGN_END} (each series' label and its mask at that series' last step), and unlike {@code LastTimeStep} it
     * allows truncated BPTT. Forward only: at the last step a backward direction would have read one value.
     */
    public static MultiLayerNetwork lastStepSeriesClassifier(RnnConfig config, int nIn, int classes) {
        if (config.bidirectional()) {
            throw new UserFacingException(
                    "a last-step series classifier reads forwards to the last step: --bidirectional is not supported");
        }
        NeuralNetConfiguration.ListBuilder list = base(config).list();
        int index = addRecurrentStack(list, config, nIn, 0);
        var out = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nIn(config.hidden())
                .nOut(classes)
                .dataFormat(RNNFormat.NCW);
        outputDropout(out, config);
        list.layer(index, perStepOutput(out.build()));
        return initialised(list, config);
    }

    private static void requireForwardFullBptt(RnnConfig config, String what) {
        if (config.bidirectional() || config.tbptt() > 0) {
            throw new UserFacingException(
                    what + " reads whole sequences forwards: --bidirectional and --tbptt do not apply");
        }
    }

    /** Input names of an {@link #encoderDecoder} graph: source ids, and the previous target id at each step. */
    public static final String SOURCE = "source";

    public static final String TARGET = "target";
    /** The attention vertex of an {@link #encoderDecoder} graph (absent without attention). */
    public static final String ATTENTION = "attention";

    /** The state an {@link #encoderDecoder}'s decoder starts from. */
    public enum DecoderStart {
        /** Zeros: the summary reaches the decoder only as part of every step's input. */
        ZERO,
        /**
         * The encoder's summary as h_0 (an LSTM's c_0 stays zero), and still part of every step's input, as Cho et
         * al. 2014 do. Unidirectional encoders only.
         */
        SUMMARY;

        public static DecoderStart parse(String name) {
            for (DecoderStart d : values()) {
                if (d.name().equalsIgnoreCase(name)) {
                    return d;
                }
            }
            throw new UserFacingException("unknown decoder start '" + name + "' (expected zero or summary)");
        }
    }

    /**
     * Sequence to sequence: source ids -> embedding -> encoder; previous target ids -> embedding, concatenated at
     * every step with the encoder's summary (its state after the last real source token) -> decoder -> softmax
     * over {@code targetVocabulary} at every step. Trained with teacher forcing on both masks: input
     * {@link #SOURCE} [n, 1, S] with its mask, input {@link #TARGET} ({@code <bos> y1 .. yn}) [n, 1, T] with its
     * mask, labels ({@code y1 .. yn <eos>}). Without attention the summary is the only path from source to
     * target: the bottleneck attention removes.
     *
     * <p>{@code attention}: at every decoder step its state queries all encoder states (Luong et al. 2015's
     * "general" score, scaled: DL4J's {@link AttentionVertex}, one head, learned projections of query, keys
     * and values, padded source steps masked out) and the context vector joins the state in the softmax.
     * Luong's form, not Bahdanau's (context fed back into the next step's input), because it keeps the whole
     * target side one parallel pass; a graph cannot feed one step's output into the next step's input.
     *
     * <p>Bidirectional: a forward and a backward encoder, the backward one reading a per-sequence reversed copy
     * ({@link ReverseTimeSeriesVertex} honours the source mask); the summary is both directions' final states,
     * the attended states both directions per source position.
     *
     * <p>{@code start}: with {@link DecoderStart#SUMMARY} the decoder's first state is the summary, read off the tail of
     * its input at the first step ({@link StartsFromInputTail}: a DL4J layer has one input, and the summary is already
     * in it). Without attention that is the PyTorch peer's design but for the cell state: DL4J's graph exposes the
     * encoder's final h, not its c, and h = o tanh(c) carries what c holds that the decoder can read. Bidirectional
     * encoders keep {@link DecoderStart#ZERO}: their summary is 2H wide, the decoder's state H. The fast layers only
     * ({@link LayerImplementation#FAST}); DL4J's own have no such option. The summary stays in every step's input too:
     * removing it would change the layer's weights, and with it in the start learned slightly faster per update without
     * attention and slightly slower with it (docs/results.md, seq2seq), which is why the task's default differs.
     *
     * <p>{@code config.clip()} bounds the L2 norm of each layer's gradient (DL4J's {@code ClipL2PerLayer}) here, where
     * the other networks clip element-wise.
     *
     * <p>The attention vertex is a SameDiff graph whose placeholders are shaped by the first batch; batches of other
     * lengths still give the hand-computed result (tasks/seq2seq EncoderDecoderGraphTest holds it to that).
     */
    public static ComputationGraph encoderDecoder(
            RnnConfig config,
            int sourceVocabulary,
            int targetVocabulary,
            int embeddingSize,
            boolean attention,
            DecoderStart start) {
        if (config.layers() != 1) {
            throw new UserFacingException(
                    "the encoder-decoder has one encoder and one decoder layer; --layers does not apply");
        }
        if (config.tbptt() > 0) {
            throw new UserFacingException(
                    "the encoder-decoder needs full BPTT: the decoder reads the whole encoded source");
        }
        NeuralNetConfiguration.Builder b = base(config);
        if (config.clip() > 0) {
            // Clipped by each layer's L2 norm (<= clip), not element-wise: closer to the PyTorch peer's global-norm
            // clipping, and at equal updates it learned faster on Tatoeba (docs/results.md, seq2seq section)
            b.gradientNormalization(GradientNormalization.ClipL2PerLayer);
        }
        ComputationGraphConfiguration.GraphBuilder g = b.graphBuilder();
        g.addInputs(SOURCE, TARGET);
        // nIn set by hand, no setInputTypes: with input types DL4J resets an embedding's nIn to 1 (DESIGN.md).
        g.addLayer("source-embedding", unitNormal(wordEmbedding(config, sourceVocabulary, embeddingSize, 1)), SOURCE);
        g.addLayer("target-embedding", unitNormal(wordEmbedding(config, targetVocabulary, embeddingSize, 1)), TARGET);
        String states;
        int statesWidth;
        if (config.bidirectional()) {
            g.addLayer("encoder-forward", recurrentLayer(config, embeddingSize), "source-embedding");
            g.addVertex("source-reversed", new ReverseTimeSeriesVertex(SOURCE), "source-embedding");
            g.addLayer("encoder-backward", recurrentLayer(config, embeddingSize), "source-reversed");
            // without attention nothing reads the per-position states, and DL4J rejects a vertex nothing reads
            if (attention) {
                g.addVertex("encoder-backward-aligned", new ReverseTimeSeriesVertex(SOURCE), "encoder-backward");
                g.addVertex("encoder", new MergeVertex(), "encoder-forward", "encoder-backward-aligned");
            }
            g.addVertex("summary-forward", new LastTimeStepVertex(SOURCE), "encoder-forward");
            g.addVertex("summary-backward", new LastTimeStepVertex(SOURCE), "encoder-backward");
            g.addVertex("summary", new MergeVertex(), "summary-forward", "summary-backward");
            states = "encoder";
            statesWidth = 2 * config.hidden();
        } else {
            g.addLayer("encoder", recurrentLayer(config, embeddingSize), "source-embedding");
            g.addVertex("summary", new LastTimeStepVertex(SOURCE), "encoder");
            states = "encoder";
            statesWidth = config.hidden();
        }
        // The repeat takes its length from the target input, so the same graph serves any target length.
        g.addVertex("summary-every-step", new DuplicateToTimeSeriesVertex(TARGET), "summary");
        g.addVertex("decoder-input", new MergeVertex(), "target-embedding", "summary-every-step");
        Layer decoder = recurrentLayer(config, embeddingSize + statesWidth);
        if (start == DecoderStart.SUMMARY) {
            if (config.bidirectional()) {
                throw new UserFacingException(
                        "the decoder can start from the summary of a forward encoder only (a bidirectional summary is"
                                + " twice the decoder's width): use --decoder-start zero");
            }
            if (!(decoder instanceof StartsFromInputTail tail)) {
                throw new UserFacingException(
                        "DL4J's own layers cannot start the decoder from the summary: use --decoder-start zero");
            }
            // the summary is the input's last H columns (MergeVertex order below)
            tail.setInitialStateFromInputTail(true);
        }
        g.addLayer("decoder", decoder, "decoder-input");
        String beforeOutput = "decoder";
        int width = config.hidden();
        if (attention) {
            g.addVertex(
                    ATTENTION,
                    new AttentionVertex.Builder()
                            .nInQueries(config.hidden())
                            .nInKeys(statesWidth)
                            .nInValues(statesWidth)
                            .nOut(config.hidden())
                            .headSize(config.hidden())
                            .nHeads(1)
                            .projectInput(true)
                            .build(),
                    "decoder",
                    states,
                    states);
            g.addVertex("state-and-context", new MergeVertex(), "decoder", ATTENTION);
            beforeOutput = "state-and-context";
            width = 2 * config.hidden();
        }
        var out = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nIn(width)
                .nOut(targetVocabulary)
                .dataFormat(RNNFormat.NCW);
        outputDropout(out, config);
        g.addLayer("next", perStepOutput(out.build()), beforeOutput);
        g.setOutputs("next");
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }
}
