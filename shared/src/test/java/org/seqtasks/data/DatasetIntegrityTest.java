package org.seqtasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;

/** Dataset files are checked against the catalog on every use, hashed once per version of the file (issue 20 item 6). */
class DatasetIntegrityTest {
    @TempDir
    Path dir;

    private static final byte[] CONTENT =
            "KEEPER:\nThe light is lit, the glass is falling.\n".getBytes(StandardCharsets.UTF_8);

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** A one-file catalog; {@code sha} null is a file whose checksum the catalog does not have yet. */
    private static DatasetCatalog catalog(String path, String url, String sha, long bytes) {
        return DatasetCatalog.parse(
                """
                {"version": 1, "datasets": [{"name": "toy", "task": "charlm", "files": [
                  {"path": "%s", "url": "%s", "sha256": %s, "bytes": %d, "gzip": %s}]}]}
                """.formatted(path, url, sha == null ? "null" : "\"" + sha + "\"", bytes, path.endsWith(".gz")));
    }

    private Path write(String relative, byte[] bytes) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    private DatasetResolver resolver(DatasetCatalog catalog, String root, boolean downloads) {
        return new DatasetResolver(
                catalog,
                List.of(new DatasetResolver.Root("--data-dir", dir.resolve(root))),
                dir.resolve("cache"),
                downloads);
    }

    private static void touch(Path file, long secondsLater) throws Exception {
        Files.setLastModifiedTime(
                file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + secondsLater * 1000));
    }

    private static String refusal(DatasetResolver r, String name) {
        String m = assertThrows(UserFacingException.class, () -> r.file("toy", name))
                .getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        return m;
    }

    @Test
    void aCopyChangedOrCutShortInADataRootIsRefusedInOneLineNamingIt() throws Exception {
        Path copy = write("mirror/toy/input.txt", CONTENT);
        DatasetResolver r = resolver(
                catalog("toy/input.txt", "http://127.0.0.1:9/x", sha(CONTENT), CONTENT.length), "mirror", true);
        assertEquals(copy, r.file("toy", "input.txt"));

        byte[] changed = CONTENT.clone();
        changed[3] = 'X'; // one byte, same size
        Files.write(copy, changed);
        touch(copy, 5);
        String m = refusal(r, "input.txt");
        assertTrue(
                m.startsWith("dataset toy: " + copy + " is not the catalog's toy/input.txt (sha256 " + sha(changed)
                        + ", the catalog's is "),
                m);
        assertTrue(m.contains("Replace it with the original from http://127.0.0.1:9/x"), m);

        Files.write(copy, Arrays.copyOf(CONTENT, 20));
        m = refusal(r, "input.txt");
        assertTrue(m.contains("(20 bytes, the catalog's has " + CONTENT.length + ")"), m);
        assertFalse(
                Files.exists(dir.resolve("cache/toy/input.txt")),
                "a bad copy the user points at is refused, not replaced");
    }

    @Test
    void aGzipCopyCutShortIsRefused() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(CONTENT);
        }
        Path copy = write("mirror/toy/input.txt.gz", gz.toByteArray());
        DatasetResolver r = resolver(
                catalog("toy/input.txt.gz", "http://127.0.0.1:9/x", sha(CONTENT), CONTENT.length), "mirror", true);
        assertEquals(copy, r.file("toy", "input.txt.gz"));
        Files.write(copy, Arrays.copyOf(gz.toByteArray(), gz.size() - 6));
        assertTrue(
                refusal(r, "input.txt.gz").contains("is not the catalog's toy/input.txt.gz (unreadable ("),
                "a gzip stream cut short");
    }

    @Test
    void theSha256IsTakenOncePerVersionOfTheFileThenItsSizeAndTimeSuffice() throws Exception {
        Path copy = write("mirror/toy/input.txt", CONTENT);
        DatasetResolver r = resolver(
                catalog("toy/input.txt", "http://127.0.0.1:9/x", sha(CONTENT), CONTENT.length), "mirror", true);
        r.file("toy", "input.txt");
        List<String> stamps = Files.readAllLines(dir.resolve("cache").resolve(DatasetIntegrity.STAMPS));
        assertEquals(1, stamps.size(), "one verified version: " + stamps);
        assertTrue(
                stamps.get(0).startsWith("toy/input.txt\t" + CONTENT.length + "\t" + sha(CONTENT) + "\t"),
                stamps.get(0));

        // The stamp, not a hash, answers while size and time are the same: an edit that keeps both is the one not seen,
        // which shows that the second use did not read the file.
        FileTime time = Files.getLastModifiedTime(copy);
        byte[] sameSize = CONTENT.clone();
        sameSize[0] = 'k';
        Files.write(copy, sameSize);
        Files.setLastModifiedTime(copy, time);
        assertEquals(copy, r.file("toy", "input.txt"));
        touch(copy, 5);
        assertTrue(
                refusal(r, "input.txt").contains("sha256 " + sha(sameSize)),
                "a new time is a new version: hashed, refused");
    }

    @Test
    void aCachedCopyThatDoesNotMatchIsFetchedAgain() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/input.txt", ex -> {
            ex.sendResponseHeaders(200, CONTENT.length);
            ex.getResponseBody().write(CONTENT);
            ex.close();
        });
        server.start();
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/input.txt";
            Path cached = write(
                    "cache/toy/input.txt", Arrays.copyOf(CONTENT, 11)); // a download cut short by an older version
            DatasetCatalog catalog = catalog("toy/input.txt", url, sha(CONTENT), CONTENT.length);
            assertTrue(
                    refusal(resolver(catalog, "none", false), "input.txt").contains(cached + " is not the catalog's"),
                    "with downloads off the bad copy is refused");
            System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
            assertEquals(cached, resolver(catalog, "none", true).file("toy", "input.txt"));
            assertTrue(Arrays.equals(CONTENT, Files.readAllBytes(cached)), "fetched again");
        } finally {
            System.setErr(err);
            server.stop(0);
        }
        assertTrue(
                said.toString(StandardCharsets.UTF_8)
                        .contains("is not the catalog's file (11 bytes, the catalog's has " + CONTENT.length
                                + "): fetching it again"),
                said.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFileTheCatalogHasNoChecksumForIsLearnedFromItsFirstCopy() throws Exception {
        write("first/toy/input.txt", CONTENT);
        DatasetCatalog unknown = catalog("toy/input.txt", "http://127.0.0.1:9/x", null, 0);
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
            resolver(unknown, "first", true).file("toy", "input.txt");
        } finally {
            System.setErr(err);
        }
        String note = said.toString(StandardCharsets.UTF_8).strip();
        assertTrue(
                note.matches("note: the catalog has no sha256 for toy/input.txt; .*input.txt holds \"sha256\": \""
                        + sha(CONTENT) + "\", \"bytes\": " + CONTENT.length
                        + " \\(add them to its entry in datasets/catalog.json\\)"),
                note);
        DatasetResolver.Check check =
                resolver(unknown, "first", true).verify("toy").get(0);
        assertEquals("NEW", check.status());
        assertTrue(check.ok() && check.detail().contains(sha(CONTENT)), check.detail());

        byte[] other = "KEEPER:\nThe light is out.\n".getBytes(StandardCharsets.UTF_8);
        Path second = write("second/toy/input.txt", other);
        String m = refusal(resolver(unknown, "second", true), "input.txt");
        assertTrue(
                m.contains(second + " is not the catalog's toy/input.txt (sha256 " + sha(other)
                        + ", the copy first used ("),
                m);
    }

    /**
     * What the check costs on the real files (figures printed, not asserted: a timing is not a unit test). The first use
     * of a version hashes it; every later use reads the stamps and one stat.
     */
    @Test
    void whatTheCheckCostsOnTinyshakespeareAndEwt() {
        String env = System.getenv("SEQTASKS_DATA");
        Assumptions.assumeTrue(
                env != null && !env.isBlank(), "SEQTASKS_DATA is unset: skipping the cost of checking the real files");
        DatasetResolver r = new DatasetResolver(
                DatasetCatalog.load(),
                List.of(new DatasetResolver.Root("SEQTASKS_DATA", Path.of(env))),
                dir.resolve("cache"),
                false);
        for (String[] file :
                new String[][] {{"tinyshakespeare", "input.txt"}, {"ud-english-ewt", "en_ewt-ud-train.conllu.gz"}}) {
            long t0 = System.nanoTime();
            Path p = r.file(file[0], file[1]);
            long t1 = System.nanoTime();
            final int uses = 100;
            for (int i = 0; i < uses; i++) {
                assertEquals(p, r.file(file[0], file[1]));
            }
            long t2 = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "integrity check of %s (%,d bytes on disk): first use %.1f ms (sha256), later uses %.3f ms each%n",
                    file[1],
                    p.toFile().length(),
                    (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6 / uses);
        }
    }
}
