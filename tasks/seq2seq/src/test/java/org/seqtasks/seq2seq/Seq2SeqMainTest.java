package org.seqtasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;
import org.seqtasks.report.RunResult;

class Seq2SeqMainTest {
    @TempDir
    Path dir;

    /** A toy corpus in fra.txt's format (English<TAB>French) that passes the tutorial's filter: 6 subjects x 5 adjectives. */
    static String toyCorpus() {
        String[][] subjects = {
            {"i am", "je suis"},
            {"he is", "il est"},
            {"she is", "elle est"},
            {"we are", "nous sommes"},
            {"they are", "ils sont"},
            {"you are", "vous etes"}
        };
        String[][] adjectives = {
            {"tall", "grand"},
            {"happy", "heureux"},
            {"tired", "fatigue"},
            {"very late", "tres en retard"},
            {"ready", "pret"}
        };
        StringBuilder text = new StringBuilder();
        for (String[] s : subjects) {
            for (String[] a : adjectives) {
                text.append(Character.toUpperCase(s[0].charAt(0)))
                        .append(s[0].substring(1))
                        .append(' ')
                        .append(a[0])
                        .append(".\t")
                        .append(s[1])
                        .append(' ')
                        .append(a[1])
                        .append(" !\n");
            }
        }
        return text.toString();
    }

    @Test
    void trainsOnGeneratedDatesThenEvaluatesAndTranslates() throws Exception {
        Path out = dir.resolve("run");
        RunResult train = Seq2SeqMain.run(
                "train",
                "--attention",
                "--pairs",
                "200",
                "--hidden",
                "16",
                "--embedding",
                "8",
                "--epochs",
                "2",
                "--out",
                out.toString(),
                "--progress",
                "off");
        assertTrue(Files.isRegularFile(out.resolve("metrics.json")));
        assertTrue(Files.isRegularFile(out.resolve("curve.csv")));
        assertEquals("seq2seq", train.task());
        assertEquals("lstm+attn", train.cell());
        assertEquals("dates", train.dataset());
        for (String key : List.of(
                "bleu4", "exactMatch", "bySourceWords", "exactMatchByFormat", "devNll", "testNll", "pairsPerSecond")) {
            assertTrue(train.metrics().containsKey(key), key);
        }
        assertEquals(20.0, train.metric("sentences"), "a tenth of 200 pairs is the test split");
        String json = Files.readString(out.resolve("metrics.json"));
        for (String field : List.of(
                "\"task\"",
                "\"cell\"",
                "\"dataset\"",
                "\"split\"",
                "\"params\"",
                "\"epochs\"",
                "\"trainSeconds\"",
                "\"throughput\"",
                "\"metrics\"")) {
            assertTrue(json.contains(field), field + " in metrics.json");
        }

        RunResult eval = Seq2SeqMain.run(
                "eval",
                "--model",
                train.model().toString(),
                "--out",
                dir.resolve("eval").toString());
        assertEquals(
                train.metric("bleu4"),
                eval.metric("bleu4"),
                1e-9,
                "eval regenerates the same test split and translations");
        assertEquals(train.metric("exactMatch"), eval.metric("exactMatch"), 1e-9);
        RunResult dev = Seq2SeqMain.run(
                "eval",
                "--model",
                train.model().toString(),
                "--split",
                "dev",
                "--beam",
                "3",
                "--out",
                dir.resolve("eval-dev").toString());
        assertEquals("dev", dev.split());

        RunResult translated =
                Seq2SeqMain.run("translate", "--model", train.model().toString(), "the 3rd of march 2021", "3/3/21");
        String[] lines = translated.text().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("the 3rd of march 2021\t"), lines[0]);
        assertTrue(lines[1].startsWith("3/3/21\t"), lines[1]);

        // --resume continues the saved model on its own data: the same generated dates (seed and count from the model)
        RunResult resumed = Seq2SeqMain.run("train", "--resume", out.toString(), "--epochs", "1", "--progress", "off");
        assertEquals("lstm+attn", resumed.cell());
        assertEquals(
                20.0, resumed.metric("sentences"), "the 200-pair set of the first run, not the 5,000-pair default");

        UserFacingException empty = assertThrows(
                UserFacingException.class,
                () -> Seq2SeqMain.run("translate", "--model", train.model().toString(), "  "));
        assertEquals("cannot translate an empty sentence", empty.getMessage());
    }

    /**
     * --resume goes on from the training checkpoint (counters, Adam's moments, the curve), as the other tasks do. It
     * used to restart the counters from the saved weights, because the checkpoint's parameters (the graph's flat
     * vector, the attention vertex's projections included) and the model's count (layers only) differed by the
     * attention's 4 x 16 x 16.
     */
    @Test
    void resumeGoesOnFromTheCheckpoint() throws Exception {
        Path out = dir.resolve("resumed");
        String[] recipe = {"--attention", "--pairs", "200", "--hidden", "16", "--embedding", "8", "--progress", "off"};
        RunResult first =
                Seq2SeqMain.run(concat(new String[] {"train", "--epochs", "1", "--out", out.toString()}, recipe));
        List<String> firstCurve = Files.readAllLines(out.resolve("curve.csv"));
        assertEquals(2, firstCurve.size(), "a header and one validation: " + firstCurve);

        RunResult second = Seq2SeqMain.run("train", "--resume", out.toString(), "--epochs", "2", "--progress", "off");
        assertEquals(first.params(), second.params());
        assertEquals(2.0, second.epochs(), 1e-9, "one epoch restored, one trained");
        List<String> curve = Files.readAllLines(out.resolve("curve.csv"));
        // a restart from 0 would write a fresh curve whose first point is after an epoch more of training
        assertEquals(3, curve.size(), "the first run's point, then the resumed epoch's: " + curve);
        assertEquals(firstCurve.get(1), curve.get(1), "the first point is the first run's");
        assertTrue(
                second.metric("devNll") < first.metric("devNll"),
                first.metric("devNll") + " -> " + second.metric("devNll"));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void overfitsATinyWordCorpusGivenAsInputAndRestoresIt() throws Exception {
        Path corpus = Files.writeString(dir.resolve("fra.txt"), toyCorpus());
        RunResult train = Seq2SeqMain.run(
                "train",
                "--input",
                corpus.toString(),
                "--attention",
                "--hidden",
                "32",
                "--embedding",
                "16",
                "--lr",
                "0.01",
                "--batch",
                "8",
                "--epochs",
                "60",
                "--out",
                dir.resolve("toy").toString(),
                "--progress",
                "off");
        Seq2SeqModel model = Seq2SeqModel.load(train.model());
        Seq2SeqData data = TatoebaPairs.split("fra.txt", TatoebaPairs.read(corpus), TatoebaPairs.SPLIT_SEED);
        assertEquals(24, data.train().size());
        assertFalse(model.spec().characters());
        assertEquals("fra.txt", train.dataset());
        UserFacingException noFile = assertThrows(
                UserFacingException.class,
                () -> Seq2SeqMain.run("eval", "--model", train.model().toString()));
        assertTrue(noFile.getMessage().contains("give --input FILE"), noFile.getMessage());
        RunResult eval = Seq2SeqMain.run(
                "eval",
                "--model",
                train.model().toString(),
                "--input",
                corpus.toString(),
                "--split",
                "train",
                "--out",
                dir.resolve("toy-eval").toString());
        assertTrue(eval.metric("exactMatch") >= 22 / 24.0, "eval on the training split: " + eval.metric("exactMatch"));
        List<Seq2SeqModel.Translation> out = model.translate(
                data.train().stream().map(TranslationPair::source).toList(), 1, 64);
        long right = 0;
        for (int i = 0; i < out.size(); i++) {
            right += out.get(i).tokens().equals(data.train().get(i).target()) ? 1 : 0;
        }
        assertTrue(right >= 22, "exact translations of its own 24 training pairs: " + right);
        // padding changes no translation: each sentence alone (no padding) as in the batch (padded to the longest)
        for (int i = 0; i < out.size(); i++) {
            assertEquals(
                    out.get(i),
                    model.translate(List.of(data.train().get(i).source()), 1, 64)
                            .get(0),
                    "pair " + i);
        }
        // the toy's French is normalised like Tatoeba's: "Je suis grand !" reads as je suis grand !
        RunResult t = Seq2SeqMain.run("translate", "--model", train.model().toString(), "Je suis grand !");
        assertTrue(t.text().startsWith("Je suis grand !\t"), t.text());
    }

    @Test
    void userMistakesAreOneLineErrors() throws Exception {
        UserFacingException dataset = assertThrows(
                UserFacingException.class,
                () -> Seq2SeqMain.run(
                        "train",
                        "--dataset",
                        "klingon",
                        "--out",
                        dir.resolve("x").toString()));
        assertTrue(dataset.getMessage().contains("no dataset 'klingon'"), dataset.getMessage());
        Path bad = Files.writeString(dir.resolve("bad.txt"), "I am here.\tJe suis ici.\nno tab on this line\n");
        UserFacingException line = assertThrows(
                UserFacingException.class,
                () -> Seq2SeqMain.run(
                        "train",
                        "--input",
                        bad.toString(),
                        "--out",
                        dir.resolve("y").toString()));
        assertEquals(bad + ":2: expected 'English<TAB>French', found no tab", line.getMessage());
        UserFacingException model = assertThrows(
                UserFacingException.class,
                () -> Seq2SeqMain.run(
                        "translate", "--model", dir.resolve("none.zip").toString(), "hello"));
        assertTrue(model.getMessage().contains("model file not found"), model.getMessage());
        UserFacingException split = assertThrows(
                UserFacingException.class,
                () -> Seq2SeqMain.run("eval", "--model", dir.resolve("none.zip").toString(), "--split", "dev"));
        assertTrue(split.getMessage().contains("model file not found"), split.getMessage());
    }
}
