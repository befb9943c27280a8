package org.seqtasks.sentiment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;

/** Data that cannot give a meaningful figure is refused in one line, before training, instead of "accuracy NaN%". */
class SentimentDegenerateDataTest {
    @TempDir
    Path dir;

    private Path file(int lines, boolean bothLabels) throws Exception {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            rows.add((bothLabels ? i % 2 : 1) + " a sentence number " + i + " .");
        }
        Path f = dir.resolve("reviews-" + lines + "-" + bothLabels + ".txt");
        Files.write(f, rows);
        return f;
    }

    private static UserFacingException train(Path input) {
        return assertThrows(
                UserFacingException.class,
                () -> SentimentMain.run(
                        "train",
                        "--input",
                        input.toString(),
                        "--epochs",
                        "1",
                        "--out",
                        input.resolveSibling("out-" + input.getFileName()).toString(),
                        "--progress",
                        "off"));
    }

    @Test
    void aFileTooShortForItsSplitsNamesTheFileTheSplitAndTheCount() throws Exception {
        Path tiny = file(4, true); // 80/10/10 of 4, rounded: 3 / 1 / 0
        UserFacingException e = train(tiny);
        assertTrue(e.getMessage().equals(tiny + ": the test split has 0 sentences; at least 1 needed"), e.getMessage());
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        e = train(empty);
        assertTrue(e.getMessage().startsWith(empty + ": the train split has 0 sentences"), e.getMessage());
    }

    @Test
    void aSingleClassTrainingSetIsRefused() throws Exception {
        Path positive = file(40, false);
        UserFacingException e = train(positive);
        assertTrue(
                e.getMessage()
                        .equals(
                                positive
                                        + ": every training sentence is positive: a classifier needs both labels to learn anything"),
                e.getMessage());
    }
}
