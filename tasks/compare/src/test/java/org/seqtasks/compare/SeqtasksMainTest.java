package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.cli.Cli;

/** The CLI contract: 0 success, 1 runtime failure with a one-line reason, 2 bad usage. */
class SeqtasksMainTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {}

    private static Outcome launch(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Cli.execute(new SeqtasksMain(), args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void badUsageExitsWith2() {
        assertEquals(2, launch("charlm", "train", "--no-such-option").code());
        assertEquals(2, launch("charlm", "train", "--cell", "transformer").code());
        assertEquals(2, launch("charlm", "train", "--layers-impl", "cudnn").code(), "an unknown layer implementation");
        assertEquals(2, launch("charlm", "train", "--layers-impl").code(), "--layers-impl without its value");
        assertEquals(2, launch("nosuchtask").code());
    }

    @Test
    void aRuntimeFailureIsOneLineAndExit1() {
        Outcome o =
                launch("charlm", "sample", "--model", dir.resolve("none.zip").toString());
        assertEquals(1, o.code());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().startsWith("error: ") && o.err().contains("none.zip: model file not found"), o.err());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Outcome o =
                launch("charlm", "sample", "--model", dir.resolve("none.zip").toString(), "--verbose");
        assertEquals(1, o.code());
        assertTrue(o.err().lines().count() > 3 && o.err().contains("\tat "), o.err());
    }

    @Test
    void datasetsListNamesEveryCatalogEntry() {
        Outcome o = launch("datasets", "list");
        assertEquals(0, o.code(), o.err());
        for (String name :
                new String[] {"tinyshakespeare", "sst2-sentence", "sst2-glue", "mr-polarity", "ud-english-ewt"}) {
            assertTrue(o.out().contains(name), name + " missing from:\n" + o.out());
        }
    }

    /** On a complete mirror of the datasets, verify passes: the pretrained vectors are optional, not missing. */
    @Test
    void datasetsVerifyPassesOnTheMirrorWithoutTheOptionalVectors() {
        String mirror = System.getenv("SEQTASKS_DATA");
        Assumptions.assumeTrue(mirror != null && !mirror.isBlank(), "SEQTASKS_DATA is unset: no mirror to verify");
        Outcome o = launch("datasets", "verify", "--data-dir", mirror);
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(
                o.out()
                        .lines()
                        .filter(l -> l.contains("tinyshakespeare/input.txt"))
                        .allMatch(l -> l.startsWith("OK")),
                o.out());
        assertTrue(
                o.out()
                        .lines()
                        .filter(l -> l.contains("glove-6b-100d/"))
                        .allMatch(l -> l.startsWith("OPTIONAL") || l.startsWith("OK")),
                o.out());
    }
}
