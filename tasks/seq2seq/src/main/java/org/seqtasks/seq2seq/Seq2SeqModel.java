package org.seqtasks.seq2seq;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.eval.SequenceCrossEntropy;
import org.seqtasks.model.BeamSearch;
import org.seqtasks.model.ModelArchive;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RecurrentNetworks.DecoderStart;
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
     * the source vocabulary (the archive holds the target one). {@code decoderStart}: null in models saved before it
     * existed, which were all {@link DecoderStart#ZERO}.
     */
    public record Spec(
            RnnConfig rnn,
            boolean attention,
            int embedding,
            boolean characters,
            int maxOutput,
            List<String> sourceTokens,
            String dataset,
            long dataSeed,
            int dataPairs,
            String createdAt,
            DecoderStart decoderStart) {}

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
    public static Seq2SeqModel create(
            RnnConfig rnn,
            boolean attention,
            DecoderStart decoderStart,
            int embedding,
            Seq2SeqData data,
            long dataSeed,
            int dataPairs) {
        List<String> sourceWords = new ArrayList<>();
        List<String> targetWords = new ArrayList<>();
        for (TranslationPair p : data.train()) {
            sourceWords.addAll(p.source());
            targetWords.addAll(p.target());
        }
        int longestTarget =
                data.train().stream().mapToInt(p -> p.target().size()).max().orElse(1);
        Vocabulary sourceVocabulary = Vocabulary.build(sourceWords, 1, SOURCE_SPECIALS);
        Vocabulary targetVocabulary = Vocabulary.build(targetWords, 1, TARGET_SPECIALS);
        Spec spec = new Spec(
                rnn,
                attention,
                embedding,
                data.characters(),
                longestTarget + OUTPUT_SLACK,
                sourceVocabulary.tokens(),
                data.name(),
                dataSeed,
                dataPairs,
                Instant.now().toString(),
                decoderStart);
        return new Seq2SeqModel(buildGraph(spec, targetVocabulary.size()), targetVocabulary, spec);
    }

    private static ComputationGraph buildGraph(Spec spec, int targetVocabulary) {
        return RecurrentNetworks.encoderDecoder(
                spec.rnn(),
                spec.sourceTokens().size(),
                targetVocabulary,
                spec.embedding(),
                spec.attention(),
                spec.decoderStart() == null ? DecoderStart.ZERO : spec.decoderStart());
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
                throw new UserFacingException("cannot translate an empty sentence");
            }
            int[] encoded = source.encode(s);
            for (int t = 0; t < encoded.length; t++) {
                ids[i * length + t] = encoded[t];
                mask[i * length + t] = 1f;
            }
        }
        return new INDArray[] {
            Nd4j.create(ids, new long[] {n, 1, length}, DataType.FLOAT),
            Nd4j.create(mask, new long[] {n, length}, DataType.FLOAT)
        };
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
        INDArray m = Nd4j.create(mask, new long[] {n, time}, DataType.FLOAT);
        return new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[] {src[0], Nd4j.create(previous, new long[] {n, 1, time}, DataType.FLOAT)},
                new INDArray[] {Nd4j.create(labels, new long[] {n, v, time}, DataType.FLOAT)},
                new INDArray[] {src[1], m},
                new INDArray[] {m});
    }

    /** Mean negative log-likelihood per target token ({@code <eos>} included), teacher-forced, in nats. */
    public double nll(List<TranslationPair> pairs, int batchSize) {
        double total = 0;
        long steps = 0;
        for (int start = 0; start < pairs.size(); start += batchSize) {
            MultiDataSet b = batch(pairs.subList(start, Math.min(pairs.size(), start + batchSize)));
            INDArray probs =
                    graph.output(false, b.getFeatures(), b.getFeaturesMaskArrays(), b.getLabelsMaskArrays())[0];
            SequenceCrossEntropy.Result r = SequenceCrossEntropy.of(probs, b.getLabels(0), b.getLabelsMaskArray(0));
            total += r.totalNats();
            steps += r.steps();
        }
        return steps > 0 ? total / steps : Double.NaN;
    }

    /** A translation: its tokens and whether the model ended it ({@code <eos>}) within the length limit. */
    public record Translation(List<String> tokens, boolean ended) {}

    /** Translations of {@code sentences} (source tokens): greedy when {@code beam} is 1, else beam search of that width. */
    public List<Translation> translate(List<List<String>> sentences, int beam, int batchSize) {
        if (beam < 1) {
            throw new UserFacingException("--beam must be >= 1, got " + beam);
        }
        int bos = target.id(Vocabulary.BOS);
        int eos = target.id(Vocabulary.EOS);
        int pad = target.id(Vocabulary.PAD); // padding is never a word of a translation
        int limit = spec.maxOutput();
        int perBatch = Math.max(1, batchSize / beam);
        List<Translation> out = new ArrayList<>(sentences.size());
        for (int start = 0; start < sentences.size(); start += perBatch) {
            List<List<String>> group = sentences.subList(start, Math.min(sentences.size(), start + perBatch));
            SteppedDecoder decoder = new SteppedDecoder(graph, sources(group), beam);
            List<BeamSearch.Hypothesis> found = beam == 1
                    ? BeamSearch.greedy(decoder, group.size(), bos, eos, limit, pad)
                    : BeamSearch.search(decoder, group.size(), beam, bos, eos, limit, pad);
            for (BeamSearch.Hypothesis h : found) {
                out.add(new Translation(target.decode(h.tokens()), h.ended()));
            }
        }
        return out;
    }

    /**
     * Where the model looked while writing a translation: {@code weights[t][j]} is output token {@code t}'s attention
     * on source token {@code j}, each row summing to 1; the output tokens are the translation's, then {@code <eos>}
     * when it ended.
     */
    public record AttentionMap(List<String> source, List<String> output, float[][] weights) {}

    /** The attention map of {@code translation} of {@code sentence} (source tokens), re-read by feeding its tokens back. */
    public AttentionMap attention(List<String> sentence, Translation translation) {
        if (!spec.attention()) {
            throw new UserFacingException("this model has no attention to plot (it was trained without --attention)");
        }
        List<String> output = new ArrayList<>(translation.tokens());
        if (translation.ended()) {
            output.add(Vocabulary.EOS);
        }
        if (output.isEmpty()) {
            return new AttentionMap(List.copyOf(sentence), output, new float[0][]);
        }
        int[] fed = new int[output.size()];
        fed[0] = target.id(Vocabulary.BOS);
        int[] written = target.encode(translation.tokens());
        System.arraycopy(written, 0, fed, 1, fed.length - 1);
        List<float[]> rows = new SteppedDecoder(graph, sources(List.of(sentence)), 1).forcedAttention(fed);
        return new AttentionMap(List.copyOf(sentence), output, rows.toArray(new float[0][]));
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

    /** Every trained number: the flat vector, the attention vertex's projections included (numParams() counts layers only). */
    public long parameterCount() {
        return graph.params().length();
    }
}
