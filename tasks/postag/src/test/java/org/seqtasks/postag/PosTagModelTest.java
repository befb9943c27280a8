package org.seqtasks.postag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.ChannelSplitIterator;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.data.WordDropout;
import org.seqtasks.data.WordVectors;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.postag.WordFeatures.Channel;

class PosTagModelTest {
    @TempDir
    Path dir;

    private static TaggedSentence sentence(String text, String tags) {
        List<String> w = List.of(text.split(" "));
        return new TaggedSentence(w, List.of(tags.split(" ")), "t.conllu", new int[w.size()]);
    }

    static final List<TaggedSentence> TRAIN = List.of(
            sentence("The dog runs .", "DET NOUN VERB PUNCT"),
            sentence("A cat sleeps quietly .", "DET NOUN VERB ADV PUNCT"),
            sentence("Dogs run fast", "NOUN VERB ADV"),
            sentence("She walked home slowly yesterday .", "PRON VERB ADV ADV NOUN PUNCT"));

    private static PosTagModel model(Cell cell, boolean bidirectional) {
        return PosTagModel.create(
                RnnConfig.of(cell, 3)
                        .hidden(8)
                        .bidirectional(bidirectional)
                        .clip(5)
                        .learningRate(1e-2),
                TRAIN,
                6,
                4,
                0.25,
                "upos",
                "test");
    }

    @Test
    void spellingFeaturesSayWhatTheyShould() {
        assertEquals("apple", Channel.WORD.value("Apple"));
        assertEquals("0000", Channel.WORD.value("1999"));
        assertEquals("-ly", Channel.SUFFIX2.value("Quickly"));
        assertEquals("-ing", Channel.SUFFIX3.value("running"));
        assertEquals("-a", Channel.SUFFIX4.value("a"), "a word shorter than the affix is the whole word");
        assertEquals("un-", Channel.PREFIX2.value("Unhappy"));
        assertEquals("XxXx", Channel.SHAPE.value("McDonald"));
        assertEquals("X.X.", Channel.SHAPE.value("U.S."));
        assertEquals("d,d", Channel.SHAPE.value("1,250"));
        assertEquals("x'x", Channel.SHAPE.value("can't"));
    }

    @Test
    void wordDropoutHidesRareWordsMoreOften() {
        Vocabulary words = model(Cell.RNN, false).features().vocabulary(Channel.WORD);
        WordDropout dropout = new WordDropout(
                TRAIN.stream()
                        .flatMap(x -> x.words().stream())
                        .map(Channel.WORD::value)
                        .toList(),
                words,
                0.25,
                1);
        assertEquals(0.25 / 1.25, dropout.probability(words.id("cat")), 1e-12, "seen once");
        assertEquals(0.25 / 3.25, dropout.probability(words.id(".")), 1e-12, "seen three times");
        int hidden = 0;
        for (int i = 0; i < 10_000; i++) {
            int[] ids = {words.id("cat")};
            dropout.apply(ids);
            hidden += ids[0] == words.unknownId() ? 1 : 0;
        }
        assertEquals(2000, hidden, 200);
    }

    @Test
    void unknownWordsMapToUnkAndStillGetATag() {
        PosTagModel m = model(Cell.LSTM, true);
        assertFalse(m.features().known("Zyzzyva"));
        int[][] ids = m.features().encode(List.of("Zyzzyva"));
        assertEquals(m.features().vocabulary(Channel.WORD).unknownId(), ids[0][0]);
        List<List<String>> tags = m.tag(List.of(List.of("The", "Zyzzyva", "runs")), 8);
        assertEquals(3, tags.get(0).size());
        assertTrue(m.tags().tokens().containsAll(tags.get(0)));
    }

    @Test
    void aSentencesTagsDoNotChangeWhenBatchedWithLongerOnes() {
        // Unidirectional: the padded, masked batch itself must be exact.
        PosTagModel uni = model(Cell.LSTM, false);
        TaggedSentence shortOne = TRAIN.get(2);
        DataSet alone = uni.dataSet(List.of(shortOne), null);
        DataSet padded = uni.dataSet(List.of(shortOne, TRAIN.get(3)), null);
        INDArray a = uni.graph().output(false, ChannelSplitIterator.split(alone.getFeatures()), null)[0];
        INDArray[] masks = {padded.getFeaturesMaskArray()};
        INDArray[] inputs = ChannelSplitIterator.split(padded.getFeatures());
        INDArray[] inputMasks = new INDArray[inputs.length];
        Arrays.fill(inputMasks, masks[0]);
        INDArray p = uni.graph().output(false, inputs, inputMasks)[0];
        for (int t = 0; t < shortOne.length(); t++) {
            for (int c = 0; c < uni.tags().size(); c++) {
                assertEquals(a.getDouble(0, c, t), p.getDouble(0, c, t), 1e-6);
            }
        }
        // Bidirectional: prediction groups sentences by length, so company cannot matter.
        PosTagModel bi = model(Cell.LSTM, true);
        List<List<String>> mixed =
                List.of(TRAIN.get(3).words(), shortOne.words(), TRAIN.get(1).words());
        double[][][] together = bi.probabilities(mixed, 8);
        double[][][] single = bi.probabilities(List.of(shortOne.words()), 8);
        for (int t = 0; t < shortOne.length(); t++) {
            assertArrayEquals(single[0][t], together[1][t], 1e-6);
        }
    }

    @Test
    void saveLoadRoundTrip() {
        PosTagModel m = model(Cell.RNN, true);
        m.graph().fit(ChannelSplitIterator.split(m.dataSet(List.of(TRAIN.get(0)), null)));
        Path file = dir.resolve("m/model.zip");
        m.save(file);
        PosTagModel back = PosTagModel.load(file);
        assertEquals(m.spec(), back.spec());
        assertEquals(m.tags(), back.tags());
        assertEquals(m.features().vocabulary(Channel.SUFFIX3), back.features().vocabulary(Channel.SUFFIX3));
        List<List<String>> text = new ArrayList<>(List.of(List.of("A", "dog", "sleeps", ".")));
        double[][][] before = m.probabilities(text, 4);
        double[][][] after = back.probabilities(text, 4);
        for (int t = 0; t < 4; t++) {
            assertArrayEquals(before[0][t], after[0][t], 1e-7);
        }
    }

    @Test
    void anUnknownTagAtEvaluationNamesTheFileAndLine() {
        PosTagModel m = model(Cell.RNN, false);
        TaggedSentence bad =
                new TaggedSentence(List.of("Wow", "!"), List.of("INTJ", "PUNCT"), "dev.conllu", new int[] {7, 8});
        UserFacingException e = assertThrows(UserFacingException.class, () -> m.evaluate(List.of(bad), 4));
        assertTrue(
                e.getMessage().startsWith("dev.conllu:7: tag 'INTJ' is not one the model was trained on"),
                e.getMessage());
    }

    /** Pretrained vectors start the word embedding; the file's extra words join the vocabulary but stay out-of-vocabulary. */
    @Test
    void pretrainedVectorsInitialiseTheWordEmbeddingOnly() throws Exception {
        Path file = dir.resolve("vectors.txt");
        Files.write(file, List.of("the 1 2 3 4 5 6", "zyzzyva 6 5 4 3 2 1", "cat 0.5 0.5 0.5 0.5 0.5 0.5"));
        WordVectors vectors = WordVectors.read(file, Set.of("cat"), 2);
        PosTagModel m = PosTagModel.create(
                RnnConfig.of(Cell.LSTM, 3).hidden(8).bidirectional(true).clip(5).learningRate(1e-2),
                TRAIN,
                6,
                4,
                0.25,
                vectors,
                "upos",
                "test");
        Vocabulary words = m.features().vocabulary(Channel.WORD);
        assertTrue(words.contains("zyzzyva"), "a frequent word of the file joins the vocabulary");
        assertFalse(m.features().known("Zyzzyva"), "but training never saw it: out-of-vocabulary in the reports");
        assertTrue(m.features().known("cat"));
        var w = m.graph()
                .getLayer(RecurrentNetworks.embeddingLayerName(Channel.WORD.id()))
                .getParam("W");
        assertArrayEquals(
                new float[] {6, 5, 4, 3, 2, 1}, w.getRow(words.id("zyzzyva")).toFloatVector(), 0f);
        assertArrayEquals(
                new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f},
                w.getRow(words.id("cat")).toFloatVector(),
                0f);
        m.save(dir.resolve("m.zip"));
        PosTagModel back = PosTagModel.load(dir.resolve("m.zip"));
        assertFalse(back.features().known("Zyzzyva"));
        assertTrue(back.features().known("cat"));
        assertEquals(m.spec().pretrained(), back.spec().pretrained());
    }
}
