package org.seqtasks.postag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.seqtasks.UserFacingException;
import org.seqtasks.postag.ConlluReader.Tagset;

class ConlluReaderTest {
    private static String row(String id, String form, String upos, String xpos) {
        return String.join("\t", id, form, "_", upos, xpos, "_", "0", "root", "_", "_");
    }

    private static final List<String> SAMPLE = List.of(
            "# sent_id = 1",
            "# text = I don't know.",
            row("1", "I", "PRON", "PRP"),
            row("2-3", "don't", "_", "_"),
            row("2", "do", "AUX", "VBP"),
            row("3", "n't", "PART", "RB"),
            row("4", "know", "VERB", "VB"),
            row("4.1", "knows", "VERB", "VBZ"),
            row("5", ".", "PUNCT", "."),
            "",
            "# sent_id = 2",
            row("1", "Yes", "INTJ", "UH"),
            "");

    @Test
    void skipsCommentsMultiwordRangesAndEmptyNodes() {
        List<TaggedSentence> s = ConlluReader.read(SAMPLE, "sample.conllu", Tagset.UPOS);
        assertEquals(2, s.size());
        assertEquals(List.of("I", "do", "n't", "know", "."), s.get(0).words());
        assertEquals(List.of("PRON", "AUX", "PART", "VERB", "PUNCT"), s.get(0).tags());
        assertEquals(List.of("Yes"), s.get(1).words());
        assertEquals(9, s.get(0).lines()[4], "line numbers are kept for later errors");
        assertEquals(
                List.of("PRP", "VBP", "RB", "VB", "."),
                ConlluReader.read(SAMPLE, "x", Tagset.XPOS).get(0).tags());
    }

    @Test
    void aLastSentenceWithoutABlankLineIsKept() {
        assertEquals(
                1,
                ConlluReader.read(List.of(row("1", "Hi", "INTJ", "UH")), "x", Tagset.UPOS)
                        .size());
    }

    @Test
    void malformedLinesNameTheFileAndLine() {
        assertMessage(
                "a.conllu:2: expected 10 tab-separated columns, found 3",
                List.of(row("1", "Hi", "INTJ", "UH"), "2\tthere\tADV", ""));
        assertMessage(
                "a.conllu:1: word id 'x1' is not an integer, a range (3-4) or an empty node (8.1)",
                List.of(row("x1", "Hi", "INTJ", "UH")));
        assertMessage(
                "a.conllu:2: word id 3 out of order (expected 2)",
                List.of(row("1", "Hi", "INTJ", "UH"), row("3", "you", "PRON", "PRP")));
        assertMessage("a.conllu:1: no UPOS tag (column 4 is '_')", List.of(row("1", "Hi", "_", "UH")));
        assertMessage("a.conllu: no sentences (is it CoNLL-U?)", List.of("# only a comment", ""));
    }

    private static void assertMessage(String expected, List<String> lines) {
        UserFacingException e =
                assertThrows(UserFacingException.class, () -> ConlluReader.read(lines, "a.conllu", Tagset.UPOS));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void theEmbeddedSampleReads() {
        PosTagData data = PosTagData.load("default", null, null, null, Tagset.UPOS);
        assertEquals(
                true,
                data.train().size() >= 150,
                "train sentences: " + data.train().size());
        assertEquals(
                true, data.dev().size() >= 20, "dev sentences: " + data.dev().size());
    }

    @Test
    void readsUdEnglishEwtWithTheCountsOfItsRelease() {
        String env = System.getenv("SEQTASKS_DATA");
        Assumptions.assumeTrue(
                env != null && !env.isBlank(), "SEQTASKS_DATA is unset: skipping the UD English EWT reader check");
        PosTagData data = PosTagData.load("ud-english-ewt", null, null, Path.of(env), Tagset.UPOS);
        assertEquals(12_544, data.train().size());
        assertEquals(
                204_577, data.train().stream().mapToInt(TaggedSentence::length).sum());
        assertEquals(2_001, data.dev().size());
        assertEquals(
                25_147, data.dev().stream().mapToInt(TaggedSentence::length).sum());
        assertEquals(
                17,
                data.train().stream().flatMap(s -> s.tags().stream()).distinct().count(),
                "UPOS has 17 tags");
    }
}
