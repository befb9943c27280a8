package org.seqtasks.charlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.seqtasks.data.NextTokenWindowIterator;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;

class CharLmModelTest {
    @TempDir
    Path dir;

    static final String TEXT = "the keeper trims the wick; the apprentice counts the ships.\n".repeat(20);

    static CharLmModel trainedModel(Cell cell) {
        Vocabulary v = Vocabulary.ofCharacters(TEXT);
        CharLmModel m = CharLmModel.create(
                RnnConfig.of(cell, 3).hidden(24).layers(2).tbptt(10).clip(5).learningRate(1e-2), v, 20, "test");
        NextTokenWindowIterator it = new NextTokenWindowIterator(v.encodeCharacters(TEXT), v.size(), 20, 8, true, 3);
        for (int i = 0; i < 5 && it.hasNext(); i++) {
            DataSet ds = it.next();
            m.network().fit(ds);
        }
        return m;
    }

    @Test
    void saveLoadGivesIdenticalOutputsAndSamples() {
        for (Cell cell : Cell.values()) {
            CharLmModel m = trainedModel(cell);
            Path file = dir.resolve(cell.id() + ".zip");
            m.save(file);
            CharLmModel back = CharLmModel.load(file);
            assertEquals(m.vocabulary(), back.vocabulary());
            assertEquals(m.spec(), back.spec());
            assertEquals(m.evaluate(TEXT, 4).nll(), back.evaluate(TEXT, 4).nll(), 0.0);
            assertEquals(m.sample("the ", 120, 1.0, 99), back.sample("the ", 120, 1.0, 99));
        }
    }

    @Test
    void samplingIsSeededStartsWithThePrimeAndHasTheRequestedLength() {
        CharLmModel m = trainedModel(Cell.LSTM);
        String a = m.sample("the ", 80, 1.0, 1);
        assertTrue(a.startsWith("the "));
        assertEquals(84, a.length());
        assertEquals(a, m.sample("the ", 80, 1.0, 1), "same seed, same text: the state is cleared between samples");
        assertNotEquals(a, m.sample("the ", 80, 1.0, 2));
        assertEquals(
                m.sample("k", 50, 0, 1), m.sample("k", 50, 0, 2), "temperature 0 is greedy: the seed does not matter");
        assertTrue(m.sample("", 200, 1.0, 5).chars().allMatch(c -> TEXT.indexOf(c) >= 0), "never samples <unk>");
    }
}
