package org.seqtasks.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pretrained word vectors from a text file in the GloVe format ({@code word v1 ... vd} per line) or word2vec's
 * text format (the same, after a {@code count dimension} header line); {@code .gz} files are read as they are.
 * Only the vectors a model can use are kept: those of the words asked for, and of the file's first
 * {@code extraWords} words (such files list words most frequent first), which lets words absent from the
 * training data, but likely in new text, start from a meaningful vector. A file of 400,000 x 300 floats is
 * 480 MB in memory; a training vocabulary's share of it is a few MB.
 */
public final class WordVectors {
    /** How many of a file's most frequent words a model adds to its training vocabulary. */
    public static final int EXTRA_WORDS = 50_000;

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

    /** Reads the vectors of {@code wanted} and of the file's first {@code extraWords} words. */
    public static WordVectors read(Path file, Set<String> wanted, int extraWords) {
        Map<String, float[]> vectors = new HashMap<>();
        List<String> first = new ArrayList<>();
        int dimension = -1;
        int lineNumber = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(TextFiles.open(file), StandardCharsets.UTF_8), 1 << 16)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
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
                        throw new SeqtasksException(file + ":" + lineNumber + ": expected a word and its vector, got one field");
                    }
                }
                if (fields.length != dimension + 1) {
                    throw new SeqtasksException(String.format("%s:%d: %d numbers after the word, the file's first vector had %d",
                            file, lineNumber, fields.length - 1, dimension));
                }
                String word = fields[0];
                boolean extra = first.size() < extraWords;
                if (!extra && !wanted.contains(word) || vectors.containsKey(word)) {
                    continue; // a later duplicate of a word keeps the first (more frequent) entry
                }
                float[] v = new float[dimension];
                for (int i = 0; i < dimension; i++) {
                    try {
                        v[i] = Float.parseFloat(fields[i + 1]);
                    } catch (NumberFormatException e) {
                        throw new SeqtasksException(file + ":" + lineNumber + ": '" + fields[i + 1] + "' is not a number (component "
                                + (i + 1) + " of '" + word + "')");
                    }
                }
                vectors.put(word, v);
                if (extra) {
                    first.add(word);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read word vectors " + file, e);
        }
        if (dimension < 0) {
            throw new SeqtasksException(file + ": no word vectors in the file");
        }
        return new WordVectors(file, dimension, vectors, Collections.unmodifiableList(first));
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
            throw new SeqtasksException("--embedding " + embeddingSize + " differs from the " + dimension + "-dimensional vectors of " + source);
        }
    }

    /** What a model's recipe records: the file and how many of its vocabulary's words started from a vector. */
    public String describe(int wordsSet, int vocabularySize) {
        return String.format(java.util.Locale.ROOT, "%s (%d of %d words)", source.getFileName(), wordsSet, vocabularySize);
    }

    public boolean contains(String word) {
        return vectors.containsKey(word);
    }

    /** The file's first words that were read (up to {@code extraWords}), most frequent first. */
    public List<String> firstWords() {
        return firstWords;
    }

    /**
     * {@code base} followed by the file's first words that it lacks: the vocabulary of a model that starts
     * from these vectors.
     */
    public Vocabulary extend(Vocabulary base) {
        Set<String> all = new LinkedHashSet<>(base.tokens());
        all.addAll(firstWords);
        return new Vocabulary(new ArrayList<>(all));
    }

    /**
     * Overwrites row {@code id} of {@code embedding} ({@code [vocabulary size, dimension]}) with the vector of
     * each vocabulary word that has one; the other rows keep their random initialisation. Returns the number
     * of rows set.
     */
    public int copyInto(INDArray embedding, Vocabulary vocabulary) {
        if (embedding.rank() != 2 || embedding.size(0) != vocabulary.size() || embedding.size(1) != dimension) {
            throw new SeqtasksException("an embedding of " + java.util.Arrays.toString(embedding.shape()) + " cannot take " + dimension
                    + "-dimensional vectors for " + vocabulary.size() + " words");
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
