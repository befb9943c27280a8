package org.seqtasks.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;

class SentimentReadersTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private void assertError(String expected, Path f) {
        UserFacingException e = assertThrows(UserFacingException.class, () -> SentimentReaders.labelFirst(f));
        assertEquals(f + ":" + expected, e.getMessage());
    }

    @Test
    void labelFirstLinesAndTheirErrors() throws Exception {
        Path ok = file("ok.txt", "1 a gripping film .\n0 dull , dull , dull\n".getBytes());
        List<LabelledSentence> s = SentimentReaders.labelFirst(ok);
        assertEquals(List.of("a", "gripping", "film", "."), s.get(0).tokens());
        assertEquals(1, s.get(0).label());
        assertEquals(0, s.get(1).label());

        assertError("2: empty line (expected '<0|1> <sentence>')", file("a.txt", "1 fine\n\n0 bad\n".getBytes()));
        assertError("1: missing label: expected '<0|1> <sentence>'", file("b.txt", "wonderful\n".getBytes()));
        assertError("1: label without a sentence", file("c.txt", "1\n".getBytes()));
        assertError("2: label 'pos' is not 0 or 1", file("d.txt", "1 good\npos great\n".getBytes()));
    }

    @Test
    void wrongEncodingNamesTheLine() throws Exception {
        Path latin1 = file(
                "e.txt", new byte[] {'1', ' ', 'o', 'k', '\n', '0', ' ', 'c', 'l', 'i', 'c', 'h', (byte) 0xE9, '\n'});
        UserFacingException e = assertThrows(UserFacingException.class, () -> SentimentReaders.labelFirst(latin1));
        assertEquals(latin1 + ":2: byte 0xE9 is not valid UTF-8 (wrong encoding?)", e.getMessage());
        // the same bytes are valid Windows-1252, MR's encoding
        assertEquals(
                List.of("1", "ok"),
                SentimentReaders.polarityFile(latin1, 1).get(0).tokens());
        assertEquals(
                "clich\u00e9",
                SentimentReaders.polarityFile(latin1, 0).get(1).tokens().get(1));
    }

    @Test
    void glueTsvNeedsItsHeaderAndALabelPerRow() throws Exception {
        Path ok = file("t.tsv", "sentence\tlabel\nhide new secretions \t0\nthe greatest musicians \t1\n".getBytes());
        List<LabelledSentence> s = SentimentReaders.glueTsv(ok);
        assertEquals(2, s.size());
        assertEquals(List.of("hide", "new", "secretions"), s.get(0).tokens());
        Path noHeader = file("u.tsv", "hide new secretions \t0\n".getBytes());
        assertEquals(
                noHeader + ":1: expected the header 'sentence<TAB>label'",
                assertThrows(UserFacingException.class, () -> SentimentReaders.glueTsv(noHeader))
                        .getMessage());
        Path noLabel = file("v.tsv", "sentence\tlabel\nno tab here\n".getBytes());
        assertEquals(
                noLabel + ":2: missing label: expected '<sentence><TAB><0|1>'",
                assertThrows(UserFacingException.class, () -> SentimentReaders.glueTsv(noLabel))
                        .getMessage());
    }

    @Test
    void crossValidationFoldsPartitionTheData() {
        List<LabelledSentence> all = new ArrayList<>();
        for (int i = 0; i < 103; i++) {
            all.add(new LabelledSentence(List.of("w" + i), i % 2));
        }
        Set<LabelledSentence> tested = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int k = 0; k < SentimentData.FOLDS; k++) {
            SentimentData fold = SentimentData.crossValidationFold("x", all, k);
            assertEquals(
                    103, fold.train().size() + fold.dev().size() + fold.test().size());
            Set<LabelledSentence> devTest = new HashSet<>(fold.dev());
            fold.test().forEach(t -> assertTrue(devTest.add(t), "dev and test overlap"));
            fold.train().forEach(t -> assertTrue(!devTest.contains(t), "train overlaps dev/test"));
            tested.addAll(fold.test());
        }
        assertEquals(103, tested.size(), "every example is tested exactly once across the folds");
    }

    /** The real files, when the mirror is available: counts as SOURCES.md gives them. */
    @Test
    void realCorporaHaveTheirDocumentedCounts() {
        String env = System.getenv("SEQTASKS_DATA");
        Assumptions.assumeTrue(
                env != null && !env.isBlank(), "SEQTASKS_DATA is unset: skipping the SST-2/MR reader checks");
        SentimentData sst2 = SentimentData.load("sst2", null, null, -1);
        assertEquals(67_349, sst2.train().size());
        assertEquals(37_569, sst2.train().stream().filter(s -> s.label() == 1).count());
        assertEquals(872, sst2.dev().size());
        assertEquals(1_821, sst2.test().size());
        assertEquals(909, sst2.test().stream().filter(s -> s.label() == 1).count());
        SentimentData sentences = SentimentData.load("sst2-sentence", null, null, -1);
        assertEquals(6_920, sentences.train().size());
        assertEquals(
                3_610, sentences.train().stream().filter(s -> s.label() == 1).count());
        SentimentData mr = SentimentData.load("mr", null, null, 3);
        assertEquals(10_662, mr.train().size() + mr.dev().size() + mr.test().size());
        assertEquals(1_066, mr.test().size());
    }
}
