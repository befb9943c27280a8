package org.seqtasks.charlm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqtasks.data.SequenceBatcher;
import org.seqtasks.report.RunResult;

/**
 * The lecture's first example. Inputs h, e, l, l; targets e, l, l, o. Steps 3 and 4 both see 'l' but must
 * answer 'l' then 'o': no function of the current input alone can do that, only the hidden state can.
 */
class CharLmHelloTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "lstm", "gru"})
    void everyCellLearnsToPredictElloFromHell(String cell) {
        RunResult r = CharLmMain.run(
                "train", "--dataset", "hello", "--cell", cell, "--out", dir.toString(), "--progress", "off");
        assertEquals(1.0, r.metric("accuracy"), "every next character right");
        assertEquals("hello", r.text(), "greedy sample from 'h'");

        CharLmModel model = CharLmModel.load(r.model());
        int[] hell = model.vocabulary().encodeCharacters("hell");
        INDArray probs = model.network()
                .output(SequenceBatcher.oneHot(
                                model.vocabulary().size(), model.vocabulary().size())
                        .features(List.of(hell), hell.length));
        StringBuilder predicted = new StringBuilder();
        for (int t = 0; t < hell.length; t++) {
            int best = 0;
            for (int c = 1; c < model.vocabulary().size(); c++) {
                if (probs.getFloat(0, c, t) > probs.getFloat(0, best, t)) {
                    best = c;
                }
            }
            predicted.append(model.vocabulary().token(best));
        }
        assertEquals("ello", predicted.toString());
    }
}
