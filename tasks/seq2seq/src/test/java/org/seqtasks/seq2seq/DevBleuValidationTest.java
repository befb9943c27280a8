package org.seqtasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks.DecoderStart;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.train.Trainer;

/** Training keeps the checkpoint with the best dev BLEU-4, and the curve the dev loss. */
class DevBleuValidationTest {
    @Test
    void theValidationMeasuresDevBleuAndTheLoss() {
        Seq2SeqData data = DateCorpus.generate(5, 200);
        RnnConfig config = new RnnConfig(Cell.GRU, 16, 1, false, 0, 5, 1e-2, 0, 0, 11);
        Seq2SeqModel model = Seq2SeqModel.create(config, true, DecoderStart.ZERO, 8, data, 5, 200);
        for (int i = 0; i < 30; i++) {
            model.graph().fit(model.batch(data.train().subList(0, 64)));
        }
        Trainer.Measured m = Seq2SeqMain.Train.devBleu(model, data).measure(model.graph());
        List<List<String>> sources =
                data.dev().stream().map(TranslationPair::source).toList();
        double bleu = Seq2SeqMain.score(
                        data.characters(), data.dev(), model.translate(sources, 1, Seq2SeqMain.DECODE_BATCH))
                .bleu4();
        assertTrue(bleu > 0, "the model translates something after 30 updates: " + bleu);
        assertEquals(1 - bleu, m.error(), 1e-5, "checkpoints are chosen by 1 - dev BLEU-4");
        assertTrue(m.error() > 1 - bleu, "equal scores go to the lower loss");
        assertEquals(model.nll(data.dev(), Seq2SeqMain.DECODE_BATCH), m.loss(), 1e-9, "the curve keeps the dev loss");
    }
}
