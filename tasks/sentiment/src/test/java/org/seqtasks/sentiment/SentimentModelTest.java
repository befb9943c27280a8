package org.seqtasks.sentiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.SequenceBatcher;
import org.seqtasks.data.WordVectors;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RecurrentNetworks.Pooling;
import org.seqtasks.model.RnnConfig;

class SentimentModelTest {
    @TempDir
    Path dir;

    private static final List<LabelledSentence> TRAIN = List.of(
            new LabelledSentence(List.of("a", "warm", "and", "funny", "film"), 1),
            new LabelledSentence(List.of("dull", "and", "far", "too", "long", "for", "its", "own", "good"), 0),
            new LabelledSentence(List.of("superb"), 1),
            new LabelledSentence(List.of("the", "plot", "never", "moves"), 0));

    private static SentimentModel model(String cell, boolean bidirectional, int tbptt, int layers) {
        return model(cell, bidirectional, tbptt, layers, Pooling.defaultFor(bidirectional));
    }

    private static SentimentModel model(String cell, boolean bidirectional, int tbptt, int layers, Pooling pooling) {
        SentimentModel m = SentimentModel.create(
                RnnConfig.of(Cell.parse(cell), 1)
                        .hidden(8)
                        .layers(layers)
                        .bidirectional(bidirectional)
                        .tbptt(tbptt)
                        .clip(5)
                        .learningRate(1e-2),
                pooling,
                TRAIN,
                6,
                1,
                0,
                null,
                1,
                "test");
        for (int i = 0; i < 3; i++) {
            m.fit(m.dataSet(TRAIN)); // move off the initial weights, so equalities below are not trivial
        }
        return m;
    }

    /**
     * Masks at work: a sentence alone and inside a padded batch of longer ones gets the same probabilities,
     * read straight from one masked forward pass (unidirectional models, with and without truncated BPTT).
     */
    @ParameterizedTest
    @CsvSource({"rnn,0", "lstm,0", "lstm,3"})
    void paddingDoesNotChangeThePrediction(String cell, int tbptt) {
        SentimentModel m = model(cell, false, tbptt, 2);
        int[] shortOne = m.vocabulary().encode(List.of("superb", "film"));
        double[] alone = m.probabilitiesOfBatch(List.of(shortOne))[0];
        double[] padded = m.probabilitiesOfBatch(List.of(
                m.vocabulary().encode(TRAIN.get(1).tokens()),
                shortOne,
                m.vocabulary().encode(TRAIN.get(0).tokens())))[1];
        assertArrayEquals(alone, padded, 1e-6);
        assertEquals(1.0, alone[0] + alone[1], 1e-6);
    }

    /** Whatever the model, the public prediction path never lets padding matter: it groups by length. */
    @ParameterizedTest
    @CsvSource({"lstm,true,2", "rnn,true,1", "lstm,false,1"})
    void predictionsDoNotDependOnTheCompany(String cell, boolean bidirectional, int layers) {
        SentimentModel m = model(cell, bidirectional, 0, layers);
        List<String> shortOne = List.of("superb", "film");
        double[] alone = m.probabilities(List.of(shortOne), 8)[0];
        double[] inCompany = m.probabilities(
                        List.of(TRAIN.get(1).tokens(), shortOne, TRAIN.get(0).tokens()), 8)[1];
        assertArrayEquals(alone, inCompany, 0.0);
    }

    /**
     * Why bidirectional models never see padding: in DL4J 1.0.0-M2.1 a masked batch through Bidirectional LSTM
     * layers does not give the unpadded answer (measured: 2e-3 with one trained layer, 4e-2 with three).
     * Pinned so that a DL4J upgrade that fixes it is noticed (then exact-length batching can go).
     */
    @Test
    void dl4jBidirectionalMaskingLeaksPadding() {
        SentimentModel m = model("lstm", true, 0, 3);
        int[] shortOne = m.vocabulary().encode(List.of("superb", "film"));
        double alone = m.probabilitiesOfBatch(List.of(shortOne))[0][1];
        double padded = m.probabilitiesOfBatch(
                        List.of(m.vocabulary().encode(TRAIN.get(1).tokens()), shortOne))[1][1];
        Assertions.assertNotEquals(alone, padded, 1e-4);
    }

    @ParameterizedTest
    @CsvSource({"lstm,false", "rnn,false"})
    void theLabelMaskSitsOnEachSentencesLastRealWord(String cell, boolean bidirectional) {
        SentimentModel m = model(cell, bidirectional, 0, 2);
        DataSet ds = m.dataSet(TRAIN);
        long time = ds.getLabelsMaskArray().size(1);
        for (int b = 0; b < TRAIN.size(); b++) {
            for (int t = 0; t < time; t++) {
                float expected = t == TRAIN.get(b).length() - 1 ? 1f : 0f;
                assertEquals(expected, ds.getLabelsMaskArray().getFloat(b, t), "sentence " + b + ", step " + t);
            }
            assertEquals(
                    1f,
                    ds.getLabels()
                            .getFloat(b, TRAIN.get(b).label(), TRAIN.get(b).length() - 1));
        }
    }

    /**
     * Ends pooling with one bidirectional layer has no Bidirectional wrapper (its two directions are separate
     * layers), so masks are honoured exactly: padding changes nothing, unlike the wrapper above.
     */
    @ParameterizedTest
    @CsvSource({"lstm", "rnn"})
    void endsPoolingIgnoresPadding(String cell) {
        SentimentModel m = model(cell, true, 0, 1, Pooling.ENDS);
        int[] shortOne = m.vocabulary().encode(List.of("superb", "film"));
        double[] alone = m.probabilitiesOfBatch(List.of(shortOne))[0];
        double[] padded = m.probabilitiesOfBatch(
                        List.of(m.vocabulary().encode(TRAIN.get(1).tokens()), shortOne))[1];
        assertArrayEquals(alone, padded, 1e-6);
    }

    /**
     * What ends pooling reads: the forward layer's state at each sentence's own last word, and the backward
     * layer's state after reading the sentence from its last real word back to its first (padding stays at the end).
     */
    @Test
    void endsPoolingConcatenatesEachDirectionsFinalState() {
        SentimentModel m = model("lstm", true, 0, 1, Pooling.ENDS);
        var graph = (ComputationGraph) m.network();
        List<int[]> ids = List.of(
                m.vocabulary().encode(TRAIN.get(1).tokens()), m.vocabulary().encode(List.of("superb", "film")));
        int time = SequenceBatcher.maxLength(ids);
        var batcher = SequenceBatcher.indices(m.vocabulary().size(), 2);
        graph.setLayerMaskArrays(new INDArray[] {SequenceBatcher.mask(ids, time)}, null);
        var acts = graph.feedForward(new INDArray[] {batcher.features(ids, time)}, false, false);
        var embedded = acts.get(RecurrentNetworks.embeddingLayerName(RecurrentNetworks.WORDS));
        for (int b = 0; b < ids.size(); b++) {
            int last = ids.get(b).length - 1;
            for (int t = 0; t <= last; t++) {
                assertArrayEquals(
                        step(embedded, b, last - t),
                        step(acts.get("reversed"), b, t),
                        0f,
                        "sentence " + b + " reversed step " + t);
            }
            float[] ends = acts.get("ends").getRow(b).toFloatVector();
            float[] forward = step(acts.get("forward"), b, last);
            float[] backward = step(acts.get("backward"), b, last);
            assertArrayEquals(forward, Arrays.copyOfRange(ends, 0, 8), 0f);
            assertArrayEquals(backward, Arrays.copyOfRange(ends, 8, 16), 0f);
        }
        graph.clearLayerMaskArrays();
        Assertions.assertThrows(
                UserFacingException.class,
                () -> model("lstm", false, 0, 1, Pooling.ENDS),
                "ends needs both directions");
    }

    /** Sequence {@code b}'s vector at step {@code t} of a [batch, size, time] activation. */
    private static float[] step(INDArray activations, int b, int t) {
        return activations
                .get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(t))
                .toFloatVector();
    }

    @ParameterizedTest
    @CsvSource({"lstm,false,LAST", "lstm,true,MAX", "lstm,true,ENDS"})
    void saveAndLoadGiveTheSameProbabilities(String cell, boolean bidirectional, Pooling pooling) {
        SentimentModel m = model(cell, bidirectional, 0, 2, pooling);
        Path file = dir.resolve("m.zip");
        m.save(file);
        SentimentModel back = SentimentModel.load(file);
        List<List<String>> sentences = new ArrayList<>();
        TRAIN.forEach(s -> sentences.add(s.tokens()));
        sentences.add(List.of("never", "seen", "words")); // unknown words go through <unk>
        double[][] a = m.probabilities(sentences, 2);
        double[][] b = back.probabilities(sentences, 2);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
        }
        assertEquals(m.spec(), back.spec());
        assertEquals(m.vocabulary(), back.vocabulary());
    }

    /** Word dropout reaches the training batches only: they read rare words as <unk>, evaluation never does. */
    @Test
    void wordDropoutHidesTrainingWordsOnly() {
        SentimentModel m = SentimentModel.create(
                RnnConfig.of(Cell.LSTM, 1).hidden(8).clip(5).learningRate(1e-2), TRAIN, 6, 1, 1e9, "test");
        int unk = m.vocabulary().unknownId();
        var batches = m.batches(TRAIN, 4, false, 1, m.wordDropout(TRAIN, 1));
        int words = 0;
        int hidden = 0;
        while (batches.hasNext()) {
            DataSet ds = batches.next();
            for (int b = 0; b < ds.getFeatures().size(0); b++) {
                for (int t = 0; t < ds.getFeatures().size(2); t++) {
                    if (ds.getFeaturesMaskArray() == null
                            || ds.getFeaturesMaskArray().getDouble(b, t) > 0) {
                        words++;
                        hidden += ds.getFeatures().getInt(b, 0, t) == unk ? 1 : 0;
                    }
                }
            }
        }
        assertEquals(TRAIN.stream().mapToInt(LabelledSentence::length).sum(), words);
        assertEquals(words, hidden, "alpha 1e9 hides every word");
        DataSet eval = m.dataSet(TRAIN);
        assertEquals(
                0,
                eval.getFeatures().eq(unk).castTo(DataType.INT).sumNumber().intValue(),
                "no dropout outside training");
        assertEquals(
                null,
                SentimentModel.create(
                                RnnConfig.of(Cell.LSTM, 1).hidden(8).clip(5).learningRate(1e-2), TRAIN, 6, 1, 0, "test")
                        .wordDropout(TRAIN, 1));
    }

    /** Pretrained vectors: rows start from the file's vectors, its frequent words join the vocabulary, and both survive a save. */
    @Test
    void pretrainedVectorsInitialiseTheEmbedding() throws Exception {
        Path file = dir.resolve("vectors.txt");
        Files.write(
                file,
                List.of(
                        "the 1 2 3 4 5 6",
                        "gripping 6 5 4 3 2 1",
                        "superb 0.5 0.5 0.5 0.5 0.5 0.5",
                        "plot 9 9 9 9 9 9"));
        var vectors = WordVectors.read(file, Set.of("superb", "plot"), 2);
        SentimentModel m = SentimentModel.create(
                RnnConfig.of(Cell.LSTM, 1).hidden(8).clip(5).learningRate(1e-2),
                Pooling.LAST,
                TRAIN,
                6,
                1,
                0,
                vectors,
                1,
                "test");
        assertEquals(true, m.vocabulary().contains("gripping"), "a frequent word of the file that training never saw");
        var w = m.embeddingWeights();
        assertArrayEquals(
                new float[] {6, 5, 4, 3, 2, 1},
                w.getRow(m.vocabulary().id("gripping")).toFloatVector(),
                0f);
        assertArrayEquals(
                new float[] {9, 9, 9, 9, 9, 9},
                w.getRow(m.vocabulary().id("plot")).toFloatVector(),
                0f);
        assertEquals(
                "vectors.txt (4 of " + m.vocabulary().size() + " words)",
                m.spec().pretrained());
        m.save(dir.resolve("m.zip"));
        SentimentModel back = SentimentModel.load(dir.resolve("m.zip"));
        assertEquals(m.spec().pretrained(), back.spec().pretrained());
        assertEquals(m.vocabulary(), back.vocabulary());
        Assertions.assertThrows(
                UserFacingException.class,
                () -> SentimentModel.create(
                        RnnConfig.of(Cell.LSTM, 1).hidden(8).clip(5).learningRate(1e-2),
                        Pooling.LAST,
                        TRAIN,
                        8,
                        1,
                        0,
                        vectors,
                        1,
                        "test"),
                "--embedding 8 vs 6-d vectors");
    }

    /**
     * --embedding-lr-scale: from the same initial weights, one Adam step moves each embedding entry by about
     * lr * sign(gradient), so a table at scale 0.1 moves a tenth as far and one at 0 not at all, while the recurrent
     * weights (whose gradients the first step does not yet depend on the table's update) move the same. The rate
     * is part of the saved network. For the MultiLayerNetwork (max) and the ComputationGraph (ends).
     */
    @ParameterizedTest
    @CsvSource({"MAX", "ENDS"})
    void theEmbeddingLearnsAtItsOwnRate(Pooling pooling) {
        double[] embeddingStep = new double[3];
        INDArray[] recurrentStep = new INDArray[3];
        double[] scales = {1, 0.1, 0};
        for (int i = 0; i < scales.length; i++) {
            SentimentModel m = SentimentModel.create(
                    RnnConfig.of(Cell.LSTM, 1)
                            .hidden(8)
                            .bidirectional(true)
                            .clip(5)
                            .learningRate(1e-2),
                    pooling,
                    TRAIN,
                    6,
                    1,
                    0,
                    null,
                    scales[i],
                    "test");
            m.embeddingWeights()
                    .putScalar(1, 0, 0.25); // pretrained vectors are copied in this way: it must be the model's table
            assertEquals(0.25, m.embeddingWeights().getDouble(1, 0), 1e-7);
            INDArray embedding = m.embeddingWeights().dup();
            INDArray recurrent = recurrentParams(m).dup();
            m.fit(m.dataSet(TRAIN));
            embeddingStep[i] = m.embeddingWeights().sub(embedding).amaxNumber().doubleValue();
            recurrentStep[i] = recurrentParams(m).sub(recurrent);
            assertEquals(scales[i], m.spec().embeddingLrScale());
            if (i == 1) {
                m.save(dir.resolve("scaled.zip"));
                assertEquals(1e-3, learningRate(SentimentModel.load(dir.resolve("scaled.zip"))), 1e-9);
            }
        }
        assertEquals(1e-2, embeddingStep[0], 1e-4);
        assertEquals(0.1, embeddingStep[1] / embeddingStep[0], 1e-3);
        assertEquals(0.0, embeddingStep[2]);
        assertTrue(recurrentStep[0].amaxNumber().doubleValue() > 1e-3);
        assertEquals(recurrentStep[0], recurrentStep[1]);
        assertEquals(recurrentStep[0], recurrentStep[2]);
    }

    private static INDArray recurrentParams(SentimentModel m) {
        return m.network() instanceof ComputationGraph g
                ? g.getLayer("forward").params()
                : ((MultiLayerNetwork) m.network()).getLayer(1).params();
    }

    private static double learningRate(SentimentModel m) {
        return m.network() instanceof ComputationGraph g
                ? g.getLearningRate(RecurrentNetworks.embeddingLayerName(RecurrentNetworks.WORDS))
                : ((MultiLayerNetwork) m.network()).getLearningRate(0);
    }
}
