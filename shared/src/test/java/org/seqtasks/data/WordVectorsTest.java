package org.seqtasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WordVectorsTest {
    @TempDir
    Path dir;

    private Path file(String name, String... lines) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, List.of(lines));
        return f;
    }

    @Test
    void keepsTheWantedWordsAndTheFilesFirstWords() throws Exception {
        Path glove = file("v.txt", "the 0.1 0.2 0.3", ", 1 2 3", "film 4 5 6", "superb -1 -2 -3.5", "dull 7 8 9");
        WordVectors v = WordVectors.read(glove, Set.of("superb", "absent"), 2);
        assertEquals(3, v.dimension());
        assertEquals(List.of("the", ","), v.firstWords());
        assertTrue(v.contains("superb"));
        assertFalse(v.contains("film"), "neither wanted nor among the first 2");
        assertFalse(v.contains("absent"));

        Vocabulary base = new Vocabulary(List.of(Vocabulary.PAD, Vocabulary.UNK, "superb", "plot"));
        Vocabulary extended = v.extend(base);
        assertEquals(List.of(Vocabulary.PAD, Vocabulary.UNK, "superb", "plot", "the", ","), extended.tokens());

        INDArray embedding = Nd4j.zeros(DataType.FLOAT, extended.size(), 3);
        assertEquals(3, v.copyInto(embedding, extended), "superb, the and , have vectors");
        assertArrayEquals(new float[] {-1, -2, -3.5f}, embedding.getRow(extended.id("superb")).toFloatVector(), 0f);
        assertArrayEquals(new float[] {0, 0, 0}, embedding.getRow(extended.id("plot")).toFloatVector(), 0f, "no vector: row untouched");
    }

    @Test
    void readsWord2vecTextWithItsHeader() throws Exception {
        WordVectors v = WordVectors.read(file("w2v.txt", "2 2", "good 1 0", "bad 0 1"), Set.of("bad"), 0);
        assertEquals(2, v.dimension());
        assertTrue(v.contains("bad"));
    }

    @Test
    void badLinesNameTheFileAndLine() throws Exception {
        Path ragged = file("ragged.txt", "a 1 2 3", "b 1 2");
        var e = assertThrows(SeqtasksException.class, () -> WordVectors.read(ragged, Set.of("b"), 0));
        assertEquals(ragged + ":2: 2 numbers after the word, the file's first vector had 3", e.getMessage());
        Path notANumber = file("nan.txt", "a 1 2", "b 1 x");
        e = assertThrows(SeqtasksException.class, () -> WordVectors.read(notANumber, Set.of("b"), 0));
        assertEquals(notANumber + ":2: 'x' is not a number (component 2 of 'b')", e.getMessage());
        Path empty = file("empty.txt", "");
        assertThrows(SeqtasksException.class, () -> WordVectors.read(empty, Set.of(), 0));
        WordVectors v = WordVectors.read(file("ok.txt", "a 1 2"), Set.of("a"), 0);
        assertThrows(SeqtasksException.class, () -> v.copyInto(Nd4j.zeros(DataType.FLOAT, 3, 5), new Vocabulary(List.of("x", "y", "a"))));
    }
}
