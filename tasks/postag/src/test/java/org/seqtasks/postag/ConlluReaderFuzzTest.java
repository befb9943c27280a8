package org.seqtasks.postag;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.testing.ReaderFuzz;

/** CoNLL-U, damaged (plain and gzip'd, as EWT is stored): tagged sentences, or one line naming the file. */
class ConlluReaderFuzzTest {
    private static final int TRIES = 300;
    /** The sample's first sentences, a few KB. */
    private static final int SAMPLE_BYTES = 4000;
    /** The line kinds the sample lacks: a multiword token's range and an empty node. */
    private static final String RANGE_AND_EMPTY_NODE = """
            # sent_id = fuzz-1
            1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
            1\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_
            2\tn't\tnot\tPART\tRB\t_\t1\tadvmod\t_\t_
            2.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t_\t_
            3\tgo\tgo\tVERB\tVB\t_\t1\txcomp\t_\t_

            """;

    @TempDir
    Path dir;

    private static byte[] sample() {
        String all = new String(ReaderFuzz.resource(PosTagData.SAMPLE + "train.conllu"), StandardCharsets.UTF_8);
        return (RANGE_AND_EMPTY_NODE + all.substring(0, all.indexOf("\n\n", SAMPLE_BYTES) + 2))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void damagedCoNLLUIsSentencesOrAOneLineError() {
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(
                        dir, "train.conllu", sample(), TRIES, f -> ConlluReader.read(f, ConlluReader.Tagset.UPOS))
                > 0);
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(
                        dir, "dev.conllu", sample(), TRIES / 3, f -> ConlluReader.read(f, ConlluReader.Tagset.XPOS))
                > 0);
    }

    @Test
    void damagedGzipIsSentencesOrAOneLineError() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(sample());
        }
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(
                        dir,
                        "train.conllu.gz",
                        gz.toByteArray(),
                        TRIES / 3,
                        f -> ConlluReader.read(f, ConlluReader.Tagset.UPOS))
                > 0);
    }
}
