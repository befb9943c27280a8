package org.seqtasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks.DecoderStart;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.model.layers.StartsFromInputTail;

/** A translator whose decoder starts from the summary keeps that start through a save and load, and the task's default. */
class DecoderStartTest {
    @TempDir
    Path dir;

    @Test
    void survivesASaveAndLoad() {
        Seq2SeqData data = DateCorpus.generate(3, 100);
        RnnConfig config = new RnnConfig(Cell.LSTM, 16, 1, false, 0, 5, 1e-2, 0, 0, 11);
        Seq2SeqModel model = Seq2SeqModel.create(config, false, DecoderStart.SUMMARY, 8, data, 3, 100);
        Path file = dir.resolve("model.zip");
        model.save(file);
        Seq2SeqModel loaded = Seq2SeqModel.load(file);
        assertEquals(DecoderStart.SUMMARY, loaded.spec().decoderStart());
        assertTrue(StartsFromInputTail.isOn(
                loaded.graph().getLayer("decoder").conf().getLayer()));
        assertEquals(model.nll(data.dev(), 16), loaded.nll(data.dev(), 16), 0);
        assertEquals(
                model.translate(data.dev().stream().map(TranslationPair::source).toList(), 1, 16),
                loaded.translate(
                        data.dev().stream().map(TranslationPair::source).toList(), 1, 16));
    }

    @Test
    void theDefaultStartsFromTheSummaryWhereThatLearnedFaster() {
        RnnConfig forward = RnnConfig.of(Cell.LSTM, 7);
        assertEquals(DecoderStart.SUMMARY, Seq2SeqMain.Defaults.decoderStart(forward, false));
        assertEquals(DecoderStart.ZERO, Seq2SeqMain.Defaults.decoderStart(forward.bidirectional(true), false));
        assertEquals(DecoderStart.ZERO, Seq2SeqMain.Defaults.decoderStart(forward, true));
    }
}
