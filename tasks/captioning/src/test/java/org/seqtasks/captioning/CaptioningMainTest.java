package org.seqtasks.captioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;
import org.seqtasks.captioning.SceneGenerator.Split;
import org.seqtasks.report.RunResult;

class CaptioningMainTest {
    @TempDir
    Path dir;

    @Test
    void rendersTrainsOnTheRenderedFolderOverfitsItThenCaptionsAndEvaluates() throws Exception {
        Path scenes = dir.resolve("scenes");
        RunResult render = CaptioningMain.run("render", "--out", scenes.toString(), "--count", "20", "--seed", "9");
        assertEquals(26.0, render.metric("images"));
        assertTrue(Files.isRegularFile(scenes.resolve("train/00019.png")));
        assertTrue(Files.isRegularFile(scenes.resolve("compositional/00001.png")));

        Path out = dir.resolve("run");
        RunResult train = CaptioningMain.run(
                "train",
                "--input",
                scenes.toString(),
                "--cell",
                "lstm",
                "--hidden",
                "48",
                "--image-vector",
                "32",
                "--embedding",
                "16",
                "--lr",
                "0.01",
                "--batch",
                "10",
                "--epochs",
                "100",
                "--validate-every",
                "50",
                "--out",
                out.toString(),
                "--progress",
                "off");
        assertTrue(Files.isRegularFile(out.resolve("metrics.json")));
        assertTrue(Files.isRegularFile(out.resolve("curve.csv")));
        for (String key : List.of(
                "bleu1",
                "bleu2",
                "bleu3",
                "bleu4",
                "exactMatch",
                "colourAccuracy",
                "shapeAccuracy",
                "sizeAccuracy",
                "relationAccuracy")) {
            assertTrue(train.metrics().containsKey(key), key);
        }
        assertTrue(train.metrics().get("compositional") instanceof Map<?, ?>);

        CaptioningModel model = CaptioningModel.load(train.model());
        List<CaptionedImage> seen = CaptioningData.readRenderFolder(scenes).split(Split.TRAIN);
        CaptionScores onTrain = CaptioningMain.score(seen, model.caption(seen, 1, 0, 64));
        assertTrue(onTrain.exactMatch() >= 0.8, "exact match on its own 20 training images: " + onTrain.exactMatch());

        Path first = scenes.resolve("train/00000.png");
        RunResult caption = CaptioningMain.run(
                "caption",
                "--model",
                train.model().toString(),
                first.toString(),
                scenes.resolve("train/00001.png").toString());
        String[] lines = caption.text().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith(first + "\t"), lines[0]);
        List<String> words =
                List.of(lines[0].substring(lines[0].indexOf('\t') + 1).split(" "));
        assertTrue(words.stream().allMatch(w -> model.vocabulary().contains(w) || w.equals("...")), lines[0]);

        RunResult eval = CaptioningMain.run(
                "eval",
                "--model",
                train.model().toString(),
                "--input",
                scenes.toString(),
                "--split",
                "test",
                "--out",
                dir.resolve("eval").toString());
        assertEquals(train.metric("bleu4"), eval.metric("bleu4"), 1e-9, "eval reproduces train's test figure");
        assertEquals("test", eval.split());
    }

    @Test
    void trainsAndEvaluatesOnAFeatureFile() throws Exception {
        StringBuilder features = new StringBuilder();
        StringBuilder captions = new StringBuilder();
        String[] subjects = {"a dog", "two cats", "a red bus", "children"};
        String[] verbs = {"runs on grass", "sleep on a sofa", "waits at a stop", "play in the snow"};
        for (int i = 0; i < 24; i++) {
            features.append("img").append(i).append('\t');
            for (int j = 0; j < 4; j++) {
                features.append(j == i % 4 ? "1.0" : "0.0").append(j < 3 ? " " : "\n");
            }
            captions.append("img")
                    .append(i)
                    .append('\t')
                    .append(subjects[i % 4])
                    .append(' ')
                    .append(verbs[i % 4])
                    .append(" .\n");
            captions.append("img")
                    .append(i)
                    .append('\t')
                    .append(subjects[i % 4])
                    .append(" outside\n");
        }
        Path f = Files.writeString(dir.resolve("features.tsv"), features);
        Path c = Files.writeString(dir.resolve("captions.tsv"), captions);
        RunResult train = CaptioningMain.run(
                "train",
                "--features",
                f.toString(),
                "--captions",
                c.toString(),
                "--hidden",
                "16",
                "--image-vector",
                "8",
                "--embedding",
                "8",
                "--epochs",
                "2",
                "--out",
                dir.resolve("f").toString(),
                "--progress",
                "off");
        assertEquals("features.tsv", train.dataset());
        assertTrue(train.metrics().containsKey("bleu4"));
        assertTrue(!train.metrics().containsKey("colourAccuracy"), "free-text captions have no grammar attributes");
        RunResult eval = CaptioningMain.run(
                "eval",
                "--model",
                train.model().toString(),
                "--features",
                f.toString(),
                "--captions",
                c.toString(),
                "--beam",
                "2",
                "--out",
                dir.resolve("fe").toString());
        assertEquals("file", eval.split());
        assertEquals(24.0, eval.metric("captions"));
        UserFacingException images = assertThrows(
                UserFacingException.class,
                () -> CaptioningMain.run("caption", "--model", train.model().toString(), "x.png"));
        assertTrue(images.getMessage().contains("reads precomputed features"), images.getMessage());
    }

    @Test
    void userMistakesAreOneLineErrors() {
        // a usage error now, found before any file is read (the CLI exits 2)
        picocli.CommandLine.ParameterException pair = assertThrows(
                picocli.CommandLine.ParameterException.class,
                () -> CaptioningMain.run(
                        "train",
                        "--features",
                        "f.txt",
                        "--out",
                        dir.resolve("x").toString()));
        assertTrue(pair.getMessage().contains("--features applies only with --captions"), pair.getMessage());
        UserFacingException folder = assertThrows(
                UserFacingException.class,
                () -> CaptioningMain.run(
                        "train",
                        "--input",
                        dir.toString(),
                        "--out",
                        dir.resolve("y").toString()));
        assertTrue(folder.getMessage().contains("no captions.tsv"), folder.getMessage());
        UserFacingException model = assertThrows(
                UserFacingException.class,
                () -> CaptioningMain.run(
                        "caption", "--model", dir.resolve("none.zip").toString(), "a.png"));
        assertTrue(model.getMessage().contains("model file not found"), model.getMessage());
    }
}
