package org.seqtasks.sentiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.testing.ReaderFuzz;

/** The three sentiment formats, damaged: sentences with labels, or one line naming the file. */
class SentimentReadersFuzzTest {
    private static final int TRIES = 250;
    private static final int LINES = 40;

    @TempDir
    Path dir;

    /** The first lines of the embedded reviews ({@code <0|1> <sentence>}). */
    private static List<String> reviews() {
        return new String(ReaderFuzz.resource(SentimentData.DEFAULT_RESOURCE), StandardCharsets.UTF_8)
                .lines()
                .limit(LINES)
                .toList();
    }

    @Test
    void labelFirstFilesAreSentencesOrAOneLineError() {
        byte[] good = (String.join("\n", reviews()) + "\n").getBytes(StandardCharsets.UTF_8);
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(dir, "stsa.binary.dev", good, TRIES, SentimentReaders::labelFirst)
                > 0);
    }

    @Test
    void glueTsvFilesAreSentencesOrAOneLineError() {
        StringBuilder tsv = new StringBuilder("sentence\tlabel\n");
        for (String review : reviews()) {
            tsv.append(review.substring(2))
                    .append(" \t")
                    .append(review.charAt(0))
                    .append('\n');
        }
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(
                        dir,
                        "dev.tsv",
                        tsv.toString().getBytes(StandardCharsets.UTF_8),
                        TRIES,
                        SentimentReaders::glueTsv)
                > 0);
    }

    @Test
    void polarityFilesInWindows1252AreSentencesOrAOneLineError() {
        StringBuilder text = new StringBuilder("un film trop \u00e9l\u00e9gant , na\u00efve and dull \n");
        for (String review : reviews()) {
            text.append(review.substring(2)).append(" \n");
        }
        byte[] good = text.toString().getBytes(SentimentReaders.MR_CHARSET);
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(
                        dir, "rt-polarity.pos", good, TRIES, f -> SentimentReaders.polarityFile(f, 1))
                > 0);
    }
}
