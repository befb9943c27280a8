package org.seqtasks.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether a dataset file found on disk is the file the catalog describes, asked every time a task uses it. The size is
 * checked at each use (a stat; for a gzip'd file, the uncompressed length its trailer records), the sha256 once per
 * version of the file: a version is (absolute path, size on disk, modification time), and the versions already hashed
 * are remembered in {@value #STAMPS} in the cache folder, so a copy of EWT that tests read hundreds of times is hashed
 * once. A file edited in place without changing its size or time is not noticed; anything else is.
 *
 * <p>A catalog file without a sha256 (a dataset being added, whose checksum nobody has taken yet) is learned from the
 * first copy used: its sha256 and size are printed in the catalog's own form, to be added to {@code datasets/catalog.json},
 * and remembered like a verified version, so a later copy with other content is refused as a mismatch would be.
 */
final class DatasetIntegrity {
    /** The stamp file in the cache folder: one verified version per line. */
    static final String STAMPS = ".verified.tsv";

    private static final String SEPARATOR = "\t";
    /** A gzip member is at least a 10-byte header and an 8-byte trailer (CRC32, then the length mod 2^32). */
    private static final int GZIP_MINIMUM = 18;

    /** What a file holds: its (uncompressed) length and sha256. */
    record Content(long bytes, String sha256) {}

    /** One remembered version: {@code catalogPath}'s content as read from {@code file} at that size and time. */
    private record Stamp(String catalogPath, Content content, long size, long modifiedNanos, String file) {
        String line() {
            return String.join(
                    SEPARATOR,
                    catalogPath,
                    Long.toString(content.bytes()),
                    content.sha256(),
                    Long.toString(size),
                    Long.toString(modifiedNanos),
                    file);
        }

        static Stamp parse(String line) {
            String[] f = line.split(SEPARATOR, -1);
            if (f.length != 6) {
                return null;
            }
            try {
                return new Stamp(
                        f[0],
                        new Content(Long.parseLong(f[1]), f[2]),
                        Long.parseLong(f[3]),
                        Long.parseLong(f[4]),
                        f[5]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private final Path stamps;

    DatasetIntegrity(Path cache) {
        this.stamps = cache.resolve(STAMPS);
    }

    /** Why {@code file} is not the catalog's {@code f} (a short phrase), or null when it is. */
    String problem(DatasetCatalog.FileEntry f, Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
        long size = attributes.size();
        boolean gzip = isGzip(file);
        if (f.bytes() > 0 && !gzip && size != f.bytes()) {
            return size + " bytes, the catalog's has " + f.bytes(); // truncated or appended to: no need to hash
        }
        // a gzip'd copy cut short or rewritten has another length in its trailer: hashed again whatever the stamps say
        boolean trusted = f.bytes() <= 0 || !gzip || trailerLengthFits(file, size, f.bytes());
        long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        String absolute = file.toAbsolutePath().normalize().toString();
        List<Stamp> known = readStamps();
        for (Stamp s : known) {
            if (trusted
                    && s.file().equals(absolute)
                    && s.size() == size
                    && s.modifiedNanos() == modified
                    && s.catalogPath().equals(f.path())) {
                return mismatch(f, s.content(), known);
            }
        }
        Content content;
        try {
            content = content(file);
        } catch (IOException e) {
            return "unreadable (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
        }
        String problem = mismatch(f, content, known);
        if (problem == null) {
            if (f.sha256() == null
                    && known.stream().noneMatch(s -> s.catalogPath().equals(f.path()))) {
                System.err.printf(
                        "note: the catalog has no sha256 for %s; %s holds \"sha256\": \"%s\", \"bytes\": %d (add them to its entry"
                                + " in datasets/catalog.json)%n",
                        f.path(), file, content.sha256(), content.bytes());
            }
            remember(known, new Stamp(f.path(), content, size, modified, absolute));
        }
        return problem;
    }

    /** Why {@code content} is not the catalog's (or, for a file the catalog has no sha256 for, the first copy's), or null. */
    private static String mismatch(DatasetCatalog.FileEntry f, Content content, List<Stamp> known) {
        if (f.sha256() != null) {
            if (f.bytes() > 0 && content.bytes() != f.bytes()) {
                return content.bytes() + " bytes, the catalog's has " + f.bytes();
            }
            return content.sha256().equalsIgnoreCase(f.sha256())
                    ? null
                    : "sha256 " + content.sha256() + ", the catalog's is " + f.sha256();
        }
        for (Stamp s : known) {
            if (s.catalogPath().equals(f.path()) && !s.content().sha256().equals(content.sha256())) {
                return "sha256 " + content.sha256() + ", the copy first used (" + s.file() + ") had "
                        + s.content().sha256();
            }
        }
        return null;
    }

    /** Length and sha256 of what the file holds (decompressed when its name ends in .gz, as every reader sees it). */
    static Content content(Path file) throws IOException {
        MessageDigest sha = sha256();
        long bytes = 0;
        try (InputStream in = TextFiles.open(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                bytes += n;
            }
        }
        return new Content(bytes, HexFormat.of().formatHex(sha.digest()));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isGzip(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /**
     * Whether the gzip trailer's length (the uncompressed size mod 2^32) matches {@code bytes}. It holds the last member's
     * length only, so a miss is not taken as a mismatch (a multi-member file would be a false alarm): the file is hashed.
     */
    private static boolean trailerLengthFits(Path file, long size, long bytes) {
        if (size < GZIP_MINIMUM) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer trailer = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(trailer, size - Integer.BYTES);
            trailer.flip();
            return trailer.remaining() == Integer.BYTES
                    && Integer.toUnsignedLong(trailer.getInt()) == (bytes & 0xFFFF_FFFFL);
        } catch (IOException e) {
            return false;
        }
    }

    private List<Stamp> readStamps() {
        List<Stamp> out = new ArrayList<>();
        try {
            if (Files.isRegularFile(stamps)) {
                for (String line : Files.readAllLines(stamps, StandardCharsets.UTF_8)) {
                    Stamp s = Stamp.parse(line);
                    if (s != null) {
                        out.add(s);
                    }
                }
            }
        } catch (IOException e) {
            // unreadable stamps only mean hashing again
        }
        return out;
    }

    /**
     * Adds {@code stamp}, replacing the older versions of its file. Written to a temp file and renamed, so a reader never
     * sees half a list; not forced to the disk (ModelArchive's way): a stamp lost in a power cut costs one hash, no data.
     * Two runs recording at once may lose one's stamp the same way. A cache folder that cannot be written (read-only)
     * leaves the check working, only without memory.
     */
    private void remember(List<Stamp> known, Stamp stamp) {
        List<String> lines = new ArrayList<>();
        for (Stamp s : known) {
            if (!(s.file().equals(stamp.file()) && s.catalogPath().equals(stamp.catalogPath()))) {
                lines.add(s.line());
            }
        }
        lines.add(stamp.line());
        try {
            Files.createDirectories(stamps.getParent());
            Path tmp = Files.createTempFile(stamps.getParent(), STAMPS, ".tmp");
            try {
                Files.write(tmp, lines, StandardCharsets.UTF_8);
                Files.move(tmp, stamps, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // see above: verification still happened, it is only not remembered
        }
    }
}
