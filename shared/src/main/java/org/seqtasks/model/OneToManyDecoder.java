package org.seqtasks.model;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.seqtasks.UserFacingException;

/**
 * The one-to-many shape: one vector (an image's features, say) conditions a word-by-word decoder.
 * At every step the previous word's embedding is concatenated with the same conditioning vector and fed
 * to the recurrent stack, which predicts the next word with a softmax. Feeding the vector at every step,
 * rather than only as the initial state, spares a vanilla RNN from having to carry it through the whole
 * sentence, so the SimpleRnn/LSTM comparison measures the sequence part, not the memory of one input.
 *
 * <p>The caller owns the encoder that produces the vector; this class adds everything after it to a
 * {@link ComputationGraphConfiguration.GraphBuilder} made by {@link #graphBuilder}, which applies the same
 * optimiser, clipping and initialisation as {@link RecurrentNetworks}.
 */
public final class OneToManyDecoder {
    /** Names of the vertices the decoder adds, for callers that inspect or step the graph. */
    public static final String EMBEDDING = "embedding";

    public static final String CONDITION_EVERY_STEP = "conditionEveryStep";
    public static final String STEP_INPUT = "stepInput";
    public static final String OUTPUT = "nextWord";

    private OneToManyDecoder() {}

    /** A graph builder with the project's optimiser settings for {@code config} (and its truncated BPTT, if any). */
    public static ComputationGraphConfiguration.GraphBuilder graphBuilder(RnnConfig config) {
        // The one place for the optimiser settings, so the captioner and the other tasks cannot drift apart.
        ComputationGraphConfiguration.GraphBuilder g =
                RecurrentNetworks.base(config).graphBuilder();
        if (config.tbptt() > 0) {
            g.backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTForwardLength(config.tbptt())
                    .tBPTTBackwardLength(config.tbptt());
        }
        return g;
    }

    /**
     * Adds the decoder: {@code wordsInput} (ids, shape [batch, 1, time]) -> embedding of {@code embeddingSize};
     * {@code condition} (a vertex of width {@code conditionSize}) repeated over the words' time steps;
     * both concatenated -> {@code config.layers()} recurrent layers of {@code config.cell()} -> softmax over
     * {@code vocabularySize} at every step. Sets the graph's output to {@link #OUTPUT}.
     */
    public static void add(
            ComputationGraphConfiguration.GraphBuilder g,
            RnnConfig config,
            String condition,
            int conditionSize,
            String wordsInput,
            int vocabularySize,
            int embeddingSize) {
        if (config.bidirectional()) {
            throw new UserFacingException("a decoder generates left to right: --bidirectional does not apply");
        }
        g.addLayer(
                EMBEDDING,
                new EmbeddingSequenceLayer.Builder()
                        .nIn(vocabularySize)
                        .nOut(embeddingSize)
                        .build(),
                wordsInput);
        // The repeat takes its length from the words input, so one graph serves teacher-forced sentences
        // (time = caption length) and rnnTimeStep decoding (time = 1).
        g.addVertex(CONDITION_EVERY_STEP, new DuplicateToTimeSeriesVertex(wordsInput), condition);
        g.addVertex(STEP_INPUT, new MergeVertex(), EMBEDDING, CONDITION_EVERY_STEP);
        String previous = STEP_INPUT;
        int width = embeddingSize + conditionSize;
        for (int i = 0; i < config.layers(); i++) {
            String name = "recurrent" + i;
            g.addLayer(name, config.cell().layer(width, config.hidden(), 1.0 - config.dropout()), previous);
            previous = name;
            width = config.hidden();
        }
        var out = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nIn(width)
                .nOut(vocabularySize)
                .dataFormat(RNNFormat.NCW);
        if (config.dropout() > 0) {
            out.dropOut(1.0 - config.dropout());
        }
        g.addLayer(OUTPUT, RecurrentNetworks.perStepOutput(out.build()), previous);
        g.setOutputs(OUTPUT);
    }
}
