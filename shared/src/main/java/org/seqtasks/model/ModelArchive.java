package org.seqtasks.model;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.Json;
import org.seqtasks.data.Vocabulary;

/**
 * One model = one zip: DL4J's own entries (configuration, coefficients, updater state) plus ours under
 * {@code seqtasks-} (vocabulary, config, provenance), so nothing a model needs can be separated from it.
 * Writes are atomic: the zip is completed beside the target, forced to the disk and then moved over it, so a
 * crash never leaves a half-written model where a good one was.
 */
public final class ModelArchive {
    // Flat names: DL4J's loader rejects any directory entry in a model zip.
    private static final String PREFIX = "seqtasks-";

    /** A loaded model: the network and the extra entries saved with it. */
    public record Loaded(Model model, Map<String, String> entries) {
        /** The network of a task built as a {@link MultiLayerNetwork} (one input). */
        public MultiLayerNetwork network() {
            if (model instanceof MultiLayerNetwork network) {
                return network;
            }
            throw new UserFacingException("model file holds a ComputationGraph, not a MultiLayerNetwork");
        }

        /** The network of a task built as a {@link ComputationGraph} (several inputs or vertices). */
        public ComputationGraph graph() {
            if (model instanceof ComputationGraph graph) {
                return graph;
            }
            throw new UserFacingException("model file holds a MultiLayerNetwork, not a ComputationGraph");
        }

        /** The vocabulary the network was trained with. */
        public Vocabulary vocabulary() {
            return Vocabulary.fromJson(entry(VOCABULARY));
        }

        /** The task's recipe record. */
        public <T> T spec(Class<T> type) {
            return Json.read(entry(SPEC), type);
        }

        public String entry(String name) {
            String value = entries.get(name);
            if (value == null) {
                throw new UserFacingException("model file has no " + PREFIX + name + " entry (not a seqtasks model?)");
            }
            return value;
        }
    }

    private static final String TASK = "task";
    private static final String VOCABULARY = "vocabulary.json";
    private static final String SPEC = "spec.json";
    /** Which DL4J class restores the network: {@code graph} for a ComputationGraph; absent = MultiLayerNetwork. */
    private static final String NETWORK_TYPE = "network-type";

    private ModelArchive() {}

    /** Saves a task's model: the network with its vocabulary and recipe ({@code spec}, any JSON-able record). */
    public static void save(Path target, String task, Model network, Vocabulary vocabulary, Object spec) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(TASK, task);
        entries.put(VOCABULARY, vocabulary.toJson());
        entries.put(SPEC, Json.write(spec));
        save(target, network, entries);
    }

    /** Loads a model saved by {@code task}; another task's model is a clear error, not a confusing one later. */
    public static Loaded load(Path file, String task) {
        Loaded loaded = load(file);
        if (!loaded.entry(TASK).equals(task)) {
            throw new UserFacingException(file + ": a " + loaded.entry(TASK) + " model, not a " + task + " model");
        }
        return loaded;
    }

    public static void save(Path target, Model network, Map<String, String> entries) {
        if (network instanceof ComputationGraph) {
            entries = new LinkedHashMap<>(entries);
            entries.put(NETWORK_TYPE, "graph");
        }
        Map<String, String> extra = entries;
        replaceAtomically(target, tmp -> {
            // without the updater: a model file holds the best weights, and a resume takes the optimiser state of the
            // latest ones from the checkpoint beside it (TrainingCheckpoint); Adam's moments would triple the file
            ModelSerializer.writeModel(network, tmp.toFile(), false);
            try (FileSystem zip = FileSystems.newFileSystem(tmp)) {
                for (var e : extra.entrySet()) {
                    Files.writeString(zip.getPath(PREFIX + e.getKey()), e.getValue(), StandardCharsets.UTF_8);
                }
            }
        });
    }

    /** Writes the bytes of a file. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Fills a file given its path. */
    @FunctionalInterface
    public interface Filler {
        void fill(Path tmp) throws IOException;
    }

    /** {@link #replaceAtomically} for a body written to a stream. */
    public static void writeAtomically(Path target, Body body) {
        replaceAtomically(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
        });
    }

    /**
     * Replaces {@code target} by a file completed beside it: filled, forced to the disk, then renamed over the target
     * (and the folder forced, so the rename itself survives a power cut). A crash at any point leaves either the old
     * file or the new one, never a mix; temp files that an earlier crash left behind are removed first.
     */
    public static void replaceAtomically(Path target, Filler filler) {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = target.getFileName().toString();
        try {
            Files.createDirectories(dir);
            removeLeftovers(dir, prefix);
            // Files.createFile, not createTempFile: a temp file is made owner-only (0600) and the rename would
            // carry that onto the model; createFile gives the permissions the user's umask asks for.
            Path tmp = Files.createFile(
                    dir.resolve(prefix + ProcessHandle.current().pid() + "-" + System.nanoTime() + TMP_SUFFIX));
            try {
                filler.fill(tmp);
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                forceFolder(dir);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static final String TMP_SUFFIX = ".tmp";

    /** Deletes {@code <prefix>*.tmp} in {@code dir}: the remains of a write a kill interrupted. */
    static void removeLeftovers(Path dir, String prefix) throws IOException {
        try (var files = Files.newDirectoryStream(dir, f -> {
            String name = f.getFileName().toString();
            return name.startsWith(prefix)
                    && name.endsWith(TMP_SUFFIX)
                    && name.length() > prefix.length() + TMP_SUFFIX.length();
        })) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    /**
     * Deletes from {@code dir} every temp file {@link #replaceAtomically} makes ({@code <name><digits>.tmp}), whatever its
     * target: what writes cut short by a kill left behind. A run calls it as it starts in its folder, so that a resumed run
     * ends with none even when the file whose write was cut is never written again; nothing ever reads them.
     */
    public static void removeLeftovers(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.newDirectoryStream(
                dir, f -> LEFTOVER.matcher(f.getFileName().toString()).matches())) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            System.err.println("  warning: cannot remove the temp files an interrupted write left in " + dir + " ("
                    + e.getMessage() + ")");
        }
    }

    private static final Pattern LEFTOVER = Pattern.compile(".+\\d+" + Pattern.quote(TMP_SUFFIX));

    private static void forceFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every file system lets a folder be opened (some network mounts): the rename is still atomic there.
        }
    }

    public static Loaded load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserFacingException(file + ": model file not found");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (var it = zip.entries().asIterator(); it.hasNext(); ) {
                ZipEntry e = it.next();
                if (e.getName().startsWith(PREFIX) && !e.isDirectory()) {
                    entries.put(
                            e.getName().substring(PREFIX.length()),
                            new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UserFacingException(file + ": not a readable model zip (" + e.getMessage() + ")", e);
        }
        if (entries.isEmpty()) {
            throw new UserFacingException(file + ": not a seqtasks model (no " + PREFIX + " entries)");
        }
        try {
            Model model = "graph".equals(entries.get(NETWORK_TYPE))
                    ? ModelSerializer.restoreComputationGraph(file.toFile(), true)
                    : ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
            // Saved by either implementation, run by the one this process uses.
            return new Loaded(LayerImplementation.current().convert(model), entries);
        } catch (IOException | RuntimeException e) {
            throw new UserFacingException(file + ": cannot restore the network (" + e.getMessage() + ")", e);
        }
    }
}
