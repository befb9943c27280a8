package org.seqtasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.model.BeamSearch;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks.DecoderStart;
import org.seqtasks.model.RnnConfig;

/**
 * Decoding one step at a time through the batch-1 path gives what running the whole graph on every prefix gave: the
 * same next-token distributions, hence the same greedy and beam translations, with and without attention, for each
 * cell, for a bidirectional encoder and for a decoder started from the summary, on briefly trained models (untrained ones translate everything alike).
 */
class SteppedDecoderTest {
    static final int PAIRS = 300;

    /** A dates model trained for {@code epochs} on 240 pairs: small, but its translations differ from date to date. */
    static Seq2SeqModel trained(Cell cell, boolean attention, boolean bidirectional, int epochs) {
        return trained(cell, attention, bidirectional, DecoderStart.ZERO, epochs);
    }

    static Seq2SeqModel trained(Cell cell, boolean attention, boolean bidirectional, DecoderStart start, int epochs) {
        Seq2SeqData data = DateCorpus.generate(3, PAIRS);
        RnnConfig config = new RnnConfig(cell, 24, 1, bidirectional, 0, 5, 1e-2, 0, 0, 11);
        Seq2SeqModel model = Seq2SeqModel.create(config, attention, start, 12, data, 3, PAIRS);
        TranslationBatches batches = new TranslationBatches(model, data.train(), 32, 11);
        for (int epoch = 0; epoch < epochs; epoch++) {
            while (batches.hasNext()) {
                model.graph().fit(batches.next());
            }
            batches.reset();
        }
        return model;
    }

    @ParameterizedTest
    @CsvSource({
        "lstm,true,false,zero",
        "lstm,false,false,zero",
        "gru,true,true,zero",
        "rnn,true,false,zero",
        "gru,false,true,zero",
        "lstm,false,false,summary",
        "lstm,true,false,summary",
        "gru,false,false,summary",
        "rnn,false,false,summary"
    })
    void steppingGivesTheTranslationsOfRunningTheGraphOnEachPrefix(
            String cell, boolean attention, boolean bidirectional, String start) {
        Seq2SeqModel model = trained(Cell.parse(cell), attention, bidirectional, DecoderStart.parse(start), 6);
        List<List<String>> sentences = DateCorpus.generate(3, PAIRS).dev().stream()
                .limit(16)
                .map(TranslationPair::source)
                .toList();
        int bos = model.targetVocabulary().id(Vocabulary.BOS);
        int eos = model.targetVocabulary().id(Vocabulary.EOS);
        int pad = model.targetVocabulary().id(Vocabulary.PAD); // translate never emits it either
        int limit = model.spec().maxOutput();
        INDArray[] sources = model.sources(sentences);

        SteppedDecoder stepped = new SteppedDecoder(model.graph(), sources, 1);
        PrefixDecoder prefix = new PrefixDecoder(model, sources, 1);
        stepped.start(sentences.size());
        prefix.start(sentences.size());
        int[] tokens = new int[sentences.size()];
        Arrays.fill(tokens, bos);
        double largest = 0;
        for (int step = 0; step < 6; step++) {
            float[][] a = stepped.step(tokens);
            float[][] b = prefix.step(tokens);
            for (int r = 0; r < tokens.length; r++) {
                for (int c = 0; c < a[r].length; c++) {
                    largest = Math.max(largest, Math.abs(a[r][c] - b[r][c]));
                }
                tokens[r] = argmax(b[r]);
            }
        }
        assertTrue(largest < 1e-4, "largest log-probability difference over six steps: " + largest);

        for (int beam : new int[] {1, 3}) {
            List<BeamSearch.Hypothesis> expected = beam == 1
                    ? BeamSearch.greedy(new PrefixDecoder(model, sources, 1), sentences.size(), bos, eos, limit, pad)
                    : BeamSearch.search(
                            new PrefixDecoder(model, sources, beam), sentences.size(), beam, bos, eos, limit, pad);
            List<Seq2SeqModel.Translation> got = model.translate(sentences, beam, 64);
            var distinct = new HashSet<List<String>>();
            for (int i = 0; i < sentences.size(); i++) {
                List<String> want =
                        model.targetVocabulary().decode(expected.get(i).tokens());
                assertEquals(want, got.get(i).tokens(), "beam " + beam + ", sentence " + i);
                assertEquals(expected.get(i).ended(), got.get(i).ended(), "beam " + beam + ", sentence " + i);
                distinct.add(want);
            }
            assertTrue(distinct.size() >= 3, "the trained model should translate dates differently: " + distinct);
        }
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
