package org.seqtasks.captioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.captioning.SceneGenerator.Split;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.model.BeamSearch;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;

class CaptioningModelTest {
    @TempDir
    Path dir;

    static CaptioningModel tiny(Cell cell, List<CaptionedImage> train) {
        return CaptioningModel.create(
                RnnConfig.of(cell, 3).hidden(16).clip(5).learningRate(1e-2), train, 16, 8, 1, "rendered", 3);
    }

    static void fit(CaptioningModel model, List<CaptionedImage> train, int epochs) {
        CaptionBatches batches = new CaptionBatches(model, train, 8, 1);
        for (int e = 0; e < epochs; e++) {
            while (batches.hasNext()) {
                model.graph().fit(batches.next());
            }
            batches.reset();
        }
    }

    @Test
    void teacherForcingShiftsTheCaptionByOneStep() {
        List<CaptionedImage> train = CaptioningData.renderedSplit(1, 6, 1, Split.TRAIN);
        CaptioningModel model = tiny(Cell.LSTM, train);
        Vocabulary v = model.vocabulary();
        MultiDataSet b = model.batch(train.subList(0, 2), List.of(List.of("a", "small"), List.of("a")));
        assertEquals(
                List.of(2L, 1L, 3L),
                List.of(
                        b.getFeatures(1).shape()[0],
                        b.getFeatures(1).shape()[1],
                        b.getFeatures(1).shape()[2]));
        assertEquals(v.id(Vocabulary.BOS), b.getFeatures(1).getInt(0, 0, 0));
        assertEquals(v.id("a"), b.getFeatures(1).getInt(0, 0, 1));
        assertEquals(v.id("small"), b.getFeatures(1).getInt(0, 0, 2));
        assertEquals(1.0, b.getLabels(0).getDouble(0, v.id("a"), 0));
        assertEquals(1.0, b.getLabels(0).getDouble(0, v.id("small"), 1));
        assertEquals(1.0, b.getLabels(0).getDouble(0, v.id(Vocabulary.EOS), 2));
        assertEquals(1.0, b.getLabels(0).getDouble(1, v.id(Vocabulary.EOS), 1));
        assertEquals(
                List.of(1.0, 1.0, 1.0, 1.0, 1.0, 0.0),
                Arrays.stream(b.getLabelsMaskArray(0).dup('c').data().asDouble())
                        .boxed()
                        .toList(),
                "the shorter caption is masked after its <eos>");
        assertEquals(4, b.getFeatures(0).rank());
    }

    @Test
    void captionsAreVocabularyWordsEndingAtEosOrTheLimitAndBeamOneIsGreedy() {
        List<CaptionedImage> train = CaptioningData.renderedSplit(2, 24, 1, Split.TRAIN);
        CaptioningModel model = tiny(Cell.RNN, train);
        fit(model, train, 3);
        List<CaptioningModel.Caption> greedy = model.caption(train, 1, 6, 7);
        List<CaptioningModel.Caption> beam = model.caption(train, 1, 6, 5);
        assertEquals(greedy, beam, "decoding does not depend on the batch it runs in");
        for (CaptioningModel.Caption c : greedy) {
            assertTrue(c.words().size() <= 6);
            assertTrue(c.ended() || c.words().size() == 6, "stopped early without <eos>: " + c);
            for (String w : c.words()) {
                assertTrue(model.vocabulary().contains(w) && !w.equals(Vocabulary.EOS) && !w.equals(Vocabulary.BOS), w);
            }
        }
        // K=1 through the beam-search path (a real model, its state reordered between steps) equals greedy
        CaptioningModel.Caption single =
                model.caption(train.subList(0, 1), 1, 0, 1).get(0);
        BeamSearch.Hypothesis viaBeam = BeamSearch.search(
                        new TestDecoder(model, train.subList(0, 1)),
                        1,
                        1,
                        model.vocabulary().id(Vocabulary.BOS),
                        model.vocabulary().id(Vocabulary.EOS),
                        model.spec().maxLength())
                .get(0);
        assertEquals(single.words(), model.vocabulary().decode(viaBeam.tokens()));
        List<CaptioningModel.Caption> wide = model.caption(train, 3, 0, 64);
        assertEquals(train.size(), wide.size());
    }

    /** The Java stepper the captioner decodes with gives the captions the graph's own rnnTimeStep gives, for every cell. */
    @ParameterizedTest
    @CsvSource({"rnn", "lstm", "gru"})
    void decodingEqualsSteppingTheGraph(String cell) {
        List<CaptionedImage> train = CaptioningData.renderedSplit(6, 12, 1, Split.TRAIN);
        CaptioningModel model = tiny(Cell.parse(cell), train);
        fit(model, train, 2);
        for (CaptionedImage image : train.subList(0, 4)) {
            CaptioningModel.Caption fast =
                    model.caption(List.of(image), 1, 0, 1).get(0);
            BeamSearch.Hypothesis stepped = BeamSearch.search(
                            new TestDecoder(model, List.of(image)),
                            1,
                            1,
                            model.vocabulary().id(Vocabulary.BOS),
                            model.vocabulary().id(Vocabulary.EOS),
                            model.spec().maxLength())
                    .get(0);
            assertEquals(model.vocabulary().decode(stepped.tokens()), fast.words(), "image " + image.id());
        }
    }

    /**
     * Each image's vector from the encoder is the one the graph's own forward pass gives it alone (how decoding encoded
     * before it ran the encoder on its own), whether encoded in one pass, in passes of five, or for a feature model.
     */
    @ParameterizedTest
    @CsvSource({"pixels", "features"})
    void encodingInBatchesEqualsTheGraphOneImageAtATime(String input) {
        List<CaptionedImage> train = CaptioningData.renderedSplit(6, 12, 1, Split.TRAIN);
        if (input.equals("features")) {
            Random random = new Random(2);
            List<CaptionedImage> features = new ArrayList<>();
            for (CaptionedImage image : train) {
                float[] f = new float[10];
                for (int j = 0; j < f.length; j++) {
                    f[j] = random.nextFloat();
                }
                features.add(new CaptionedImage(image.id(), null, f, image.references()));
            }
            train = features;
        }
        CaptioningModel model = tiny(Cell.LSTM, train);
        fit(model, train, 2);
        float[][] onePass = model.encode(train, train.size());
        float[][] inFives = model.encode(train, 5);
        for (int i = 0; i < train.size(); i++) {
            INDArray[] alone = {model.images(train.subList(i, i + 1)), Nd4j.zeros(DataType.FLOAT, 1, 1, 1)};
            float[] expected = model.graph()
                    .feedForward(alone, false)
                    .get(CaptioningModel.ENCODED)
                    .toFloatVector();
            assertArrayEquals(expected, onePass[i], 1e-5f, "image " + i + ", one pass");
            assertArrayEquals(expected, inFives[i], 1e-5f, "image " + i + ", passes of five");
        }
        assertFalse(Arrays.equals(onePass[0], onePass[1]), "two images, two vectors");
    }

    /** Captioning a whole list (one encoder pass, rows decoded side by side) gives each image its caption alone. */
    @ParameterizedTest
    @CsvSource({"1", "3"})
    void captionsOfABatchEqualCaptionsOneImageAtATime(int beam) {
        List<CaptionedImage> train = CaptioningData.renderedSplit(6, 12, 1, Split.TRAIN);
        CaptioningModel model = tiny(Cell.LSTM, train);
        fit(model, train, 8);
        List<CaptioningModel.Caption> together = model.caption(train, beam, 0, 256);
        assertEquals(train.size(), together.size());
        for (int i = 0; i < train.size(); i++) {
            assertEquals(model.caption(List.of(train.get(i)), beam, 0, beam).get(0), together.get(i), "image " + i);
        }
        assertTrue(together.stream().distinct().count() > 1, "the images get different captions: " + together);
    }

    /** Steps the model's graph with rnnTimeStep (the image re-encoded at every word), to drive BeamSearch.search with K=1 directly. */
    private record TestDecoder(CaptioningModel model, List<CaptionedImage> images) implements BeamSearch.Decoder {
        @Override
        public void start(int rows) {
            model.graph().rnnClearPreviousState();
        }

        @Override
        public float[][] step(int[] tokens) {
            var words = Nd4j.create(new float[] {tokens[0]}, new long[] {1, 1, 1});
            float[] p = model.graph()
                    .rnnTimeStep(model.images(images), words)[0]
                    .dup('c')
                    .data()
                    .asFloat();
            float[][] out = new float[1][p.length];
            for (int i = 0; i < p.length; i++) {
                out[0][i] = (float) Math.log(Math.max(p[i], 1e-30f));
            }
            return out;
        }

        @Override
        public void reorder(int[] parents) {
            assertEquals(0, parents[0]);
        }
    }

    @Test
    void saveAndLoadGiveTheSameModel() {
        List<CaptionedImage> train = CaptioningData.renderedSplit(4, 16, 1, Split.TRAIN);
        CaptioningModel model = tiny(Cell.LSTM, train);
        fit(model, train, 2);
        Path file = dir.resolve("model.zip");
        model.save(file);
        CaptioningModel loaded = CaptioningModel.load(file);
        assertEquals(model.spec(), loaded.spec());
        assertEquals(model.vocabulary(), loaded.vocabulary());
        assertEquals(model.nll(train, 8), loaded.nll(train, 8), 1e-6);
        assertEquals(model.caption(train, 2, 0, 16), loaded.caption(train, 2, 0, 16));
    }

    @Test
    void theSameDecoderLearnsFromFeatureVectors() {
        // features that identify the caption exactly: a one-hot per distinct caption
        List<CaptionedImage> rendered = CaptioningData.renderedSplit(5, 12, 1, Split.TRAIN);
        List<CaptionedImage> images = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < rendered.size(); i++) {
            float[] f = new float[12];
            f[i] = 1;
            f[random.nextInt(12)] += 0.1f;
            images.add(new CaptionedImage("img" + i, null, f, rendered.get(i).references()));
        }
        CaptioningModel model = CaptioningModel.create(
                RnnConfig.of(Cell.LSTM, 3).hidden(32).clip(5).learningRate(2e-2), images, 16, 8, 1, "f", 3);
        double before = model.nll(images, 16);
        fit(model, images, 60);
        double after = model.nll(images, 16);
        assertTrue(after < 0.3 * before, "nll " + before + " -> " + after);
        assertEquals(0, model.spec().imageSize());
        assertEquals(12, model.spec().featureSize());
    }
}
