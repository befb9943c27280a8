package org.seqtasks.charlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.Json;
import org.seqtasks.report.RunResult;

class CharLmMainTest {
    @TempDir
    Path dir;

    @Test
    void trainEvalAndSampleOnTheEmbeddedDefaultWithTinyLimits() throws Exception {
        Path out = dir.resolve("run");
        RunResult train = CharLmMain.run(
                "train",
                "--cell",
                "rnn",
                "--hidden",
                "32",
                "--layers",
                "1",
                "--epochs",
                "2",
                "--out",
                out.toString(),
                "--progress",
                "off",
                "--sample-length",
                "40");
        assertTrue(Files.isRegularFile(out.resolve("model.zip")));
        assertTrue(Files.isRegularFile(out.resolve("curve.png")));
        assertEquals(3, Files.readAllLines(out.resolve("curve.csv")).size(), "header + one point per epoch");
        JsonNode metrics = Json.MAPPER.readTree(Files.readString(out.resolve("metrics.json"), StandardCharsets.UTF_8));
        for (String key : new String[] {
            "task", "cell", "dataset", "split", "params", "epochs", "trainSeconds", "throughput", "metrics"
        }) {
            assertTrue(metrics.has(key), "metrics.json lacks " + key);
        }
        assertEquals("charlm", metrics.get("task").asText());
        assertEquals("chars/s", metrics.get("throughput").get("unit").asText());
        double nll = metrics.get("metrics").get("nll").asDouble();
        assertTrue(nll > 0.5 && nll < Math.log(60), "learned something, not perfect: " + nll);
        assertEquals(
                nll / Math.log(2), metrics.get("metrics").get("bitsPerChar").asDouble(), 1e-9);
        assertEquals(40, train.text().length());

        // eval on the same split reproduces the figure training reported: the saved model is the best one
        RunResult eval = CharLmMain.run(
                "eval",
                "--model",
                out.resolve("model.zip").toString(),
                "--out",
                dir.resolve("eval").toString());
        assertEquals(nll, eval.metric("nll"), 1e-6);
        assertTrue(Files.isRegularFile(dir.resolve("eval/metrics.json")));

        RunResult sample = CharLmMain.run(
                "sample", "--model", out.resolve("model.zip").toString(), "--prime", "KEEPER:", "--length", "30");
        assertTrue(sample.text().startsWith("KEEPER:"));
        assertEquals(37, sample.text().length());
    }

    @Test
    void resumeContinuesFromTheSavedModel() {
        Path out = dir.resolve("run");
        RunResult first = CharLmMain.run(
                "train",
                "--cell",
                "rnn",
                "--hidden",
                "16",
                "--layers",
                "1",
                "--epochs",
                "1",
                "--out",
                out.toString(),
                "--progress",
                "off");
        RunResult second = CharLmMain.run("train", "--resume", out.toString(), "--epochs", "2", "--progress", "off");
        assertEquals("rnn", second.cell());
        assertEquals(first.params(), second.params());
        assertTrue(second.metric("nll") < first.metric("nll"), first.metric("nll") + " -> " + second.metric("nll"));
    }

    @Test
    void mistakesAreOneLineErrors() {
        UserFacingException e =
                assertThrows(UserFacingException.class, () -> CharLmMain.run("train", "--dataset", "nosuch"));
        assertTrue(e.getMessage().startsWith("charlm has no dataset 'nosuch'"), e.getMessage());
        e = assertThrows(
                UserFacingException.class,
                () -> CharLmMain.run(
                        "sample", "--model", dir.resolve("missing.zip").toString()));
        assertTrue(e.getMessage().endsWith("missing.zip: model file not found"), e.getMessage());
        e = assertThrows(
                UserFacingException.class, () -> CharLmMain.run("train", "--bidirectional", "--out", dir.toString()));
        assertTrue(e.getMessage().contains("--bidirectional"), e.getMessage());
    }

    @Test
    void benchPrintsTheFiguresOnATinyModel() {
        RunResult r = CharLmMain.run(
                "bench",
                "--dataset",
                "default",
                "--hidden",
                "8",
                "--layers",
                "1",
                "--batch",
                "4",
                "--warmup",
                "1",
                "--iterations",
                "3",
                "--sample-length",
                "20");
        double share = r.metric("batchBuildShare");
        assertTrue(share > 0 && share < 1, "share " + share);
        assertTrue(r.metric("trainCharsPerSec") > 0);
        assertTrue(r.metric("sampleCharsPerSec") > 0);
    }

    /** The real corpus, when the mirror is available: counts as SOURCES.md gives them, split as the peer does. */
    @Test
    void tinyShakespeareLoadsWithTheDocumentedCountsAndSplit() {
        String env = System.getenv("SEQTASKS_DATA");
        Assumptions.assumeTrue(
                env != null && !env.isBlank(), "SEQTASKS_DATA is unset: skipping the tinyshakespeare reader check");
        CharLmCorpus c = CharLmCorpus.load("tinyshakespeare", null, null);
        assertEquals(1_115_394, c.text().length());
        assertEquals(65, c.text().chars().distinct().count());
        assertEquals(40_000, c.text().lines().count());
        assertEquals(1_003_854, c.train().length());
        assertEquals(111_540, c.validation().length());
    }
}
