package org.seqtasks.postag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.postag.ConlluReader.Tagset;
import org.seqtasks.report.RunResult;

class PosTagMainTest {
    @TempDir
    Path dir;

    @Test
    void learnsTheEmbeddedSampleThenTagsAndEvaluates() {
        Path out = dir.resolve("run");
        RunResult train = PosTagMain.run("train", "--epochs", "25", "--out", out.toString(), "--progress", "off");
        assertTrue(Files.isRegularFile(out.resolve("metrics.json")));
        assertEquals("lstm-bi", train.cell(), "tagging is bidirectional by default");
        PosTagModel model = PosTagModel.load(train.model());
        double trainAccuracy = model.evaluate(
                        PosTagData.load("default", null, null, null, Tagset.UPOS)
                                .train(),
                        64)
                .accuracy();
        assertTrue(trainAccuracy > 0.95, "accuracy on its own training set: " + trainAccuracy);

        RunResult tagged =
                PosTagMain.run("tag", "--model", train.model().toString(), "The old man the boats.", "I can't swim");
        String[] lines = tagged.text().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].matches("The/[A-Z]+ old/[A-Z]+ man/[A-Z]+ the/[A-Z]+ boats/[A-Z]+ \\./PUNCT"), lines[0]);
        assertTrue(lines[1].matches("I/[A-Z]+ ca/[A-Z]+ n't/[A-Z]+ swim/[A-Z]+"), lines[1]);

        RunResult eval = PosTagMain.run(
                "eval",
                "--model",
                train.model().toString(),
                "--out",
                dir.resolve("e").toString());
        assertEquals(train.metric("accuracy"), eval.metric("accuracy"), 1e-9, "eval reproduces train's dev figure");
    }

    @Test
    void aUnidirectionalSimpleRnnTrainsWithTruncatedBptt() {
        RunResult r = PosTagMain.run(
                "train",
                "--cell",
                "rnn",
                "--no-bidirectional",
                "--tbptt",
                "4",
                "--epochs",
                "2",
                "--out",
                dir.resolve("u").toString(),
                "--progress",
                "off");
        assertEquals("rnn", r.cell());
        assertTrue(r.metric("accuracy") > 0.2, "better than nothing after 2 epochs: " + r.metric("accuracy"));
    }
}
