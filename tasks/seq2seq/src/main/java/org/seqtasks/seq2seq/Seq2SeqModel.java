package org.seqtasks.seq2seq;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.data.SeqtasksException;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.eval.SequenceCrossEntropy;
import org.seqtasks.model.BeamSearch;
import org.seqtasks.model.ModelArchive;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;

/**
 * A trained translator: the {@link RecurrentNetworks#encoderDecoder} graph, a source and a target vocabulary,
 * and its recipe. Each batch is padded to its own longest source and target; masks make the padding invisible.
 */
public final class Seq2SeqModel {
    static final String TASK = "seq2seq";
    static final List<String> SOURCE_SPECIALS = List.of(Vocabulary.PAD, Vocabulary.UNK);
    static final List<String> TARGET_SPECIALS = List.of(Vocabulary.PAD, Vocabulary.UNK, Vocabulary.BOS, Vocabulary.EOS);

    /** Tokens a translation may have beyond the longest training target, so a model can be seen rambling. */
    static final int OUTPUT_SLACK = 2;

    /**
     * The recipe saved with the model. {@code characters}: tokens are characters (the dates task), else words
     * normalised as for Tatoeba. {@code maxOutput}: the most tokens a translation may have. {@code sourceTokens}:
     * the source vocabulary (the archive holds the target one).
     */
    public record Spec(RnnConfig rnn, boolean attention, int embedding, boolean characters, int maxOutput, List<String> sourceTokens,
                       String dataset, long dataSeed, int dataPairs, String createdAt) {
    }

    private final ComputationGraph graph;
    private final Vocabulary source;
    private final Vocabulary target;
    private final Spec spec;

    Seq2SeqModel(ComputationGraph graph, Vocabulary target, Spec spec) {
        this.graph = graph;
        this.source = new Vocabulary(spec.sourceTokens());
        this.target = target;
        this.spec = spec;
    }

    /** An untrained model; vocabularies and the output limit from the training pairs. */
    public static Seq2SeqModel create(RnnConfig rnn, boolean attention, int embedding, Seq2SeqData data, long dataSeed, int dataPairs) {
        List<String> sourceWords = new ArrayList<>();
        List<String> targetWords = new ArrayList<>();
        for (TranslationPair p : data.train()) {
            sourceWords.addAll(p.source());
            targetWords.addAll(p.target());
        }
        int longestTarget = data.train().stream().mapToInt(p -> p.target().size()).max().orElse(1);
        Vocabulary sourceVocabulary = Vocabulary.build(sourceWords, 1, SOURCE_SPECIALS);
        Vocabulary targetVocabulary = Vocabulary.build(targetWords, 1, TARGET_SPECIALS);
        Spec spec = new Spec(rnn, attention, embedding, data.characters(), longestTarget + OUTPUT_SLACK, sourceVocabulary.tokens(),
                data.name(), dataSeed, dataPairs, Instant.now().toString());
        return new Seq2SeqModel(buildGraph(spec, targetVocabulary.size()), targetVocabulary, spec);
    }

    private static ComputationGraph buildGraph(Spec spec, int targetVocabulary) {
        return RecurrentNetworks.encoderDecoder(spec.rnn(), spec.sourceTokens().size(), targetVocabulary, spec.embedding(), spec.attention());
    }

    /** A user's sentence as this model's source tokens: characters of the lower-cased text, or Tatoeba-normalised words. */
    public List<String> tokens(String text) {
        if (spec.characters()) {
            return Vocabulary.characters(text.strip().toLowerCase(Locale.ROOT));
        }
        String normalised = TatoebaPairs.normalise(text);
        return normalised.isEmpty() ? List.of() : List.of(normalised.split(" +"));
    }

    /** Source ids [n, 1, S] and mask [n, S], S the longest of {@code sentences}. */
    INDArray[] sources(List<List<String>> sentences) {
        int n = sentences.size();
        int length = sentences.stream().mapToInt(List::size).max().orElse(0);
        float[] ids = new float[n * length];
        float[] mask = new float[n * length];
        for (int i = 0; i < n; i++) {
            List<String> s = sentences.get(i);
            if (s.isEmpty()) {
                throw new SeqtasksException("cannot translate an empty sentence");
            }
            int[] encoded = source.encode(s);
            for (int t = 0; t < encoded.length; t++) {
                ids[i * length + t] = encoded[t];
                mask[i * length + t] = 1f;
            }
        }
        return new INDArray[]{Nd4j.create(ids, new long[]{n, 1, length}, DataType.FLOAT), Nd4j.create(mask, new long[]{n, length}, DataType.FLOAT)};
    }

    /**
     * A teacher-forced batch: inputs source ids and {@code <bos> y1 .. yn}, labels {@code y1 .. yn <eos>} one-hot
     * [n, V, T]; the source mask on the first input, the target mask on the second and on the labels.
     */
    public MultiDataSet batch(List<TranslationPair> pairs) {
        int n = pairs.size();
        int time = pairs.stream().mapToInt(p -> p.target().size() + 1).max().orElse(1);
        int v = target.size();
        INDArray[] src = sources(pairs.stream().map(TranslationPair::source).toList());
        float[] previous = new float[n * time];
        float[] labels = new float[n * v * time];
        float[] mask = new float[n * time];
        int bos = target.id(Vocabulary.BOS);
        int eos = target.id(Vocabulary.EOS);
        for (int i = 0; i < n; i++) {
            int[] ids = target.encode(pairs.get(i).target());
            for (int t = 0; t <= ids.length; t++) {
                previous[i * time + t] = t == 0 ? bos : ids[t - 1];
                labels[(i * v + (t < ids.length ? ids[t] : eos)) * time + t] = 1f;
                mask[i * time + t] = 1f;
            }
        }
        INDArray m = Nd4j.create(mask, new long[]{n, time}, DataType.FLOAT);
        return new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[]{src[0], Nd4j.create(previous, new long[]{n, 1, time}, DataType.FLOAT)},
                new INDArray[]{Nd4j.create(labels, new long[]{n, v, time}, DataType.FLOAT)},
                new INDArray[]{src[1], m}, new INDArray[]{m});
    }

    /** Mean negative log-likelihood per target token ({@code <eos>} included), teacher-forced, in nats. */
    public double nll(List<TranslationPair> pairs, int batchSize) {
        double total = 0;
        long steps = 0;
        for (int start = 0; start < pairs.size(); start += batchSize) {
            MultiDataSet b = batch(pairs.subList(start, Math.min(pairs.size(), start + batchSize)));
            INDArray probs = graph.output(false, b.getFeatures(), b.getFeaturesMaskArrays(), b.getLabelsMaskArrays())[0];
            SequenceCrossEntropy.Result r = SequenceCrossEntropy.of(probs, b.getLabels(0), b.getLabelsMaskArray(0));
            total += r.totalNats();
            steps += r.steps();
        }
        return steps > 0 ? total / steps : Double.NaN;
    }

    /** A translation: its tokens and whether the model ended it ({@code <eos>}) within the length limit. */
    public record Translation(List<String> tokens, boolean ended) {
    }

    /** Translations of {@code sentences} (source tokens): greedy when {@code beam} is 1, else beam search of that width. */
    public List<Translation> translate(List<List<String>> sentences, int beam, int batchSize) {
        if (beam < 1) {
            throw new SeqtasksException("--beam must be >= 1, got " + beam);
        }
        int bos = target.id(Vocabulary.BOS);
        int eos = target.id(Vocabulary.EOS);
        int limit = spec.maxOutput();
        int perBatch = Math.max(1, batchSize / beam);
        List<Translation> out = new ArrayList<>(sentences.size());
        for (int start = 0; start < sentences.size(); start += perBatch) {
            List<List<String>> group = sentences.subList(start, Math.min(sentences.size(), start + perBatch));
            PrefixDecoder decoder = new PrefixDecoder(sources(group), beam);
            List<BeamSearch.Hypothesis> found = beam == 1 ? BeamSearch.greedy(decoder, group.size(), bos, eos, limit)
                    : BeamSearch.search(decoder, group.size(), beam, bos, eos, limit);
            for (BeamSearch.Hypothesis h : found) {
                out.add(new Translation(target.decode(h.tokens()), h.ended()));
            }
        }
        return out;
    }

    /**
     * Decodes by running the whole graph on each row's target prefix at every step and reading the last
     * position. Quadratic in the output length (a dozen tokens here), but it needs no stepping state:
     * {@code rnnTimeStep} would also step the encoder and the attention vertex, which must see the whole source
     * at once. Every row's prefix grows by one token a step (finished rows by {@code <eos>}), so no target mask.
     */
    private final class PrefixDecoder implements BeamSearch.Decoder {
        private final INDArray sources;
        private final INDArray sourceMask;
        private int[][] prefixes;

        PrefixDecoder(INDArray[] sources, int beam) {
            this.sources = beam == 1 ? sources[0] : repeatRows(sources[0], beam);
            this.sourceMask = beam == 1 ? sources[1] : repeatRows(sources[1], beam);
        }

        @Override
        public void start(int rows) {
            if (rows != sources.size(0)) {
                throw new IllegalStateException("decoder built for " + sources.size(0) + " rows, asked for " + rows);
            }
            prefixes = new int[rows][0];
        }

        @Override
        public float[][] step(int[] tokens) {
            int rows = tokens.length;
            int time = prefixes[0].length + 1;
            float[] ids = new float[rows * time];
            for (int r = 0; r < rows; r++) {
                prefixes[r] = Arrays.copyOf(prefixes[r], time);
                prefixes[r][time - 1] = tokens[r];
                for (int t = 0; t < time; t++) {
                    ids[r * time + t] = prefixes[r][t];
                }
            }
            INDArray probs = graph.output(false, new INDArray[]{sources, Nd4j.create(ids, new long[]{rows, 1, time}, DataType.FLOAT)},
                    new INDArray[]{sourceMask, Nd4j.ones(DataType.FLOAT, rows, time)}, null)[0];
            int v = target.size();
            float[] p = probs.dup('c').data().asFloat(); // [rows, v, time]
            float[][] out = new float[rows][v];
            for (int r = 0; r < rows; r++) {
                int t = time - 1;
                for (int c = 0; c < v; c++) {
                    out[r][c] = (float) Math.log(Math.max(p[(r * v + c) * time + t], 1e-30f));
                }
            }
            return out;
        }

        @Override
        public void reorder(int[] parents) {
            int[][] reordered = new int[parents.length][];
            for (int r = 0; r < parents.length; r++) {
                reordered[r] = prefixes[parents[r]];
            }
            prefixes = reordered;
        }
    }

    private static INDArray repeatRows(INDArray a, int times) {
        int[] rows = new int[(int) a.size(0) * times];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i / times;
        }
        if (a.rank() == 2) {
            return a.getRows(rows);
        }
        INDArray flat = a.reshape(a.size(0), a.length() / a.size(0)).getRows(rows);
        long[] shape = a.shape().clone();
        shape[0] = rows.length;
        return flat.reshape(shape);
    }

    /** Tokens as text: characters joined as they are, words with spaces. */
    public String display(List<String> tokens) {
        return String.join(spec.characters() ? "" : " ", tokens);
    }

    public void save(Path file) {
        ModelArchive.save(file, TASK, graph, target, spec);
    }

    public static Seq2SeqModel load(Path file) {
        ModelArchive.Loaded loaded = ModelArchive.load(file, TASK);
        return new Seq2SeqModel(loaded.graph(), loaded.vocabulary(), loaded.spec(Spec.class));
    }

    public ComputationGraph graph() {
        return graph;
    }

    public Vocabulary sourceVocabulary() {
        return source;
    }

    public Vocabulary targetVocabulary() {
        return target;
    }

    public Spec spec() {
        return spec;
    }

    public long parameterCount() {
        return graph.numParams();
    }
}
