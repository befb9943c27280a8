package org.seqtasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;

class DatasetResolverTest {
    @TempDir
    Path dir;

    private static final byte[] CONTENT =
            "First Citizen:\nBefore we proceed any further, hear me speak.\n".getBytes(StandardCharsets.UTF_8);

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static DatasetCatalog catalog(String url, String sha, boolean gzip) {
        String file = gzip ? "toy/input.txt.gz" : "toy/input.txt";
        return DatasetCatalog.parse("""
                {"version": 1, "datasets": [{"name": "toy", "task": "charlm", "description": "d", "format": "f",
                  "license": "l", "citation": "c", "files": [
                    {"path": "%s", "url": "%s", "sha256": "%s", "bytes": %d, "gzip": %s, "zipMember": null}]}]}
                """.formatted(file, url, sha, CONTENT.length, gzip));
    }

    @Test
    void aLocalDataDirWinsAndNothingIsDownloaded() throws Exception {
        Path root = dir.resolve("mirror");
        Files.createDirectories(root.resolve("toy"));
        Files.write(root.resolve("toy/input.txt"), CONTENT);
        DatasetResolver r = new DatasetResolver(
                catalog("http://127.0.0.1:9/never", sha(CONTENT), false),
                List.of(new DatasetResolver.Root("--data-dir", root)),
                dir.resolve("cache"),
                true);
        assertEquals(root.resolve("toy/input.txt"), r.file("toy", "input.txt"));
        assertTrue(r.verify("toy").get(0).ok());
        try (var files = Files.walk(dir.resolve("cache"))) {
            assertEquals(
                    List.of(DatasetIntegrity.STAMPS),
                    files.filter(Files::isRegularFile)
                            .map(p -> p.getFileName().toString())
                            .toList(),
                    "nothing downloaded: the cache holds only the stamp of the verified copy");
        }
    }

    @Test
    void offlineAndMissingGivesOneMessageSayingWhatWhereAndHow() throws Exception {
        DatasetResolver r = new DatasetResolver(
                catalog("http://127.0.0.1:9/toy/input.txt", sha(CONTENT), false),
                List.of(new DatasetResolver.Root("--data-dir", dir.resolve("empty"))),
                dir.resolve("cache"),
                true);
        UserFacingException e = assertThrows(UserFacingException.class, () -> r.file("toy", "input.txt"));
        String m = e.getMessage();
        assertTrue(m.startsWith("dataset toy: toy/input.txt is not in --data-dir"), m);
        assertTrue(m.contains("downloading http://127.0.0.1:9/toy/input.txt failed"), m);
        assertTrue(m.contains("pass --data-dir <DIR> or set SEQTASKS_DATA=<DIR>"), m);
        assertFalse(m.contains("\n"), "one line");
        assertEquals("MISSING", r.verify("toy").get(0).status());
    }

    @Test
    void downloadsIntoTheCacheCheckingSha256AndGzippingWhenTheCatalogSaysSo() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/input.txt", ex -> {
            ex.sendResponseHeaders(200, CONTENT.length);
            ex.getResponseBody().write(CONTENT);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/input.txt";
            Path cache = dir.resolve("cache");
            DatasetResolver r = new DatasetResolver(catalog(url, sha(CONTENT), true), List.of(), cache, true);
            Path got = r.file("toy", "input.txt.gz");
            assertEquals(cache.resolve("toy/input.txt.gz"), got);
            assertEquals(new String(CONTENT, StandardCharsets.UTF_8), TextFiles.read(got, StandardCharsets.UTF_8));
            assertTrue(r.verify("toy").get(0).ok());

            Path zipped = dir.resolve("bundle.zip");
            try (var zip = new ZipOutputStream(Files.newOutputStream(zipped))) {
                zip.putNextEntry(new ZipEntry("README"));
                zip.write("other".getBytes(StandardCharsets.UTF_8));
                zip.putNextEntry(new ZipEntry("input.txt"));
                zip.write(CONTENT);
            }
            server.createContext("/bundle.zip", ex -> {
                byte[] b = Files.readAllBytes(zipped);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
                ex.close();
            });
            DatasetCatalog fromZip = DatasetCatalog.parse(
                    """
                    {"version": 1, "datasets": [{"name": "toy", "files": [
                      {"path": "toy/input.txt", "url": "%s", "sha256": "%s", "bytes": %d, "zipMember": "input.txt"}]}]}
                    """.formatted(url.replace("input.txt", "bundle.zip"), sha(CONTENT), CONTENT.length));
            Path unzipped =
                    new DatasetResolver(fromZip, List.of(), dir.resolve("cache3"), true).file("toy", "input.txt");
            assertEquals(new String(CONTENT, StandardCharsets.UTF_8), TextFiles.read(unzipped, StandardCharsets.UTF_8));

            DatasetResolver wrong = new DatasetResolver(
                    catalog(url, "00" + sha(CONTENT).substring(2), false), List.of(), dir.resolve("cache2"), true);
            UserFacingException e = assertThrows(UserFacingException.class, () -> wrong.file("toy", "input.txt"));
            assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
            try (var files = Files.walk(dir.resolve("cache2"))) {
                assertTrue(files.noneMatch(Files::isRegularFile), "a failed download leaves nothing behind");
            }
        } finally {
            server.stop(0);
        }
    }

    /** An npm-published file is fetched with {@code npm pack} (a stand-in script here), checked, then moved into the cache. */
    @Test
    void npmPackagesAreFetchedWithNpmPackAndChecked() throws Exception {
        Path tarball = dir.resolve("prepared.tgz");
        Files.write(tarball, CONTENT);
        Path npm = dir.resolve("npm");
        Files.writeString(npm, """
                #!/bin/sh
                # stand-in for: npm pack SPEC --pack-destination DIR --silent
                [ "$1" = pack ] && [ "$2" = toy-vectors@1.0.0 ] || exit 3
                while [ $# -gt 0 ]; do [ "$1" = --pack-destination ] && dest="$2"; shift; done
                cp "%s" "$dest/toy-vectors-1.0.0.tgz"
                """.formatted(tarball));
        assertTrue(npm.toFile().setExecutable(true));
        BiFunction<String, Path, DatasetResolver> resolver = (sha, cache) -> {
            DatasetResolver r = new DatasetResolver(
                    DatasetCatalog.parse("""
                    {"version": 1, "datasets": [{"name": "toy", "task": "embeddings", "files": [
                      {"path": "toy/toy-vectors-1.0.0.tgz", "npm": "toy-vectors@1.0.0", "sha256": "%s", "bytes": %d}]}]}
                    """.formatted(sha, CONTENT.length)), List.of(), cache, true);
            r.npmCommand = npm.toString();
            return r;
        };
        Path got = resolver.apply(sha(CONTENT), dir.resolve("cache")).file("toy", "toy-vectors-1.0.0.tgz");
        assertEquals(dir.resolve("cache/toy/toy-vectors-1.0.0.tgz"), got);
        assertEquals(new String(CONTENT, StandardCharsets.UTF_8), Files.readString(got));

        UserFacingException e = assertThrows(
                UserFacingException.class,
                () -> resolver.apply("00" + sha(CONTENT).substring(2), dir.resolve("cache2"))
                        .file("toy", "toy-vectors-1.0.0.tgz"));
        assertTrue(
                e.getMessage()
                        .contains("fetching with 'npm pack toy-vectors@1.0.0' failed (IOException: sha256 mismatch"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains(
                                "Run 'npm pack toy-vectors@1.0.0' (Node.js's npm), move the .tgz to <DIR>/toy/toy-vectors-1.0.0.tgz"),
                e.getMessage());
        try (var files = Files.walk(dir.resolve("cache2"))) {
            assertTrue(files.noneMatch(Files::isRegularFile), "a failed fetch leaves nothing behind");
        }
    }

    @Test
    void unknownDatasetListsTheKnownOnes() {
        UserFacingException e = assertThrows(
                UserFacingException.class, () -> DatasetCatalog.load().get("imagenet"));
        assertTrue(e.getMessage().contains("tinyshakespeare"), e.getMessage());
    }

    /** With SEQTASKS_DATA pointing at the mirror, every catalog file must be there and match its sha256. */
    @Test
    void theMirrorMatchesTheCatalog() {
        String env = System.getenv("SEQTASKS_DATA");
        Assumptions.assumeTrue(
                env != null && !env.isBlank(), "SEQTASKS_DATA is unset: skipping the check of the real dataset files");
        DatasetResolver r = new DatasetResolver(
                DatasetCatalog.load(),
                List.of(new DatasetResolver.Root("SEQTASKS_DATA", Path.of(env))),
                dir.resolve("cache"),
                false);
        int files = 0;
        for (DatasetCatalog.Entry e : r.catalog().entries()) {
            if (e.task().equals(WordVectors.CATALOG_TASK)) {
                System.out.println("the mirror does not hold pretrained vectors: " + e.name()
                        + " checked only when it is fetched (DatasetsCommand verify)");
                continue;
            }
            for (DatasetResolver.Check c : r.verify(e.name())) {
                assertTrue(c.ok(), c.path() + ": " + c.status() + " " + c.detail());
                files++;
            }
        }
        assertTrue(files >= 13, "catalog lists " + files + " files");
    }
}
