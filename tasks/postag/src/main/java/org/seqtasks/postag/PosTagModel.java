package org.seqtasks.postag;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.BucketIterator;
import org.seqtasks.data.ChannelSplitIterator;
import org.seqtasks.data.Json;
import org.seqtasks.data.SequenceBatcher;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.data.WordDropout;
import org.seqtasks.data.WordVectors;
import org.seqtasks.model.ModelArchive;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RecurrentNetworks.EmbeddedInput;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.postag.WordFeatures.Channel;

/**
 * A trained part-of-speech tagger: for every word, its {@link WordFeatures} channels -> one embedding per
 * channel, concatenated -> SimpleRnn/LSTM layers (bidirectional by default: a word's tag depends on the
 * words after it too, "The old man the boats") -> a softmax over the tags at every word.
 * Holds the feature vocabularies and the tag set it was trained with, and its recipe.
 */
public final class PosTagModel {
    /**
     * The recipe saved with the model.
     *
     * @param wordDropout alpha of {@link WordDropout} (0 = off)
     * @param pretrained  where the initial word vectors came from and how many words had one (null = random)
     * @param trainWords  how many entries of the word vocabulary came from training (the rest from the
     *                    pretrained file); 0 = all
     */
    public record Spec(
            RnnConfig rnn,
            String tagset,
            int wordEmbedding,
            int featureEmbedding,
            double wordDropout,
            String pretrained,
            int trainWords,
            String dataset,
            String createdAt) {}

    private static final String TAGS = "tags.json";

    private final ComputationGraph graph;
    private final WordFeatures features;
    private final Vocabulary tags;
    private final Spec spec;
    private final SequenceBatcher batcher;

    PosTagModel(ComputationGraph graph, WordFeatures features, Vocabulary tags, Spec spec) {
        this.graph = graph;
        this.features = features;
        this.tags = tags;
        this.spec = spec;
        this.batcher = SequenceBatcher.indices(features.vocabulary(Channel.WORD).size(), tags.size());
    }

    /** An untrained tagger whose vocabularies and tag set come from {@code train} only. */
    public static PosTagModel create(
            RnnConfig rnn,
            List<TaggedSentence> train,
            int wordEmbedding,
            int featureEmbedding,
            double wordDropout,
            String tagset,
            String dataset) {
        return create(rnn, train, wordEmbedding, featureEmbedding, wordDropout, null, tagset, dataset);
    }

    /**
     * As above; with {@code pretrained} (may be null) the word embedding starts from those vectors (its size
     * must be theirs) and the word vocabulary also holds the file's most frequent words (as many as
     * {@code pretrained} read, see {@link WordVectors#firstWords}). The vectors are fine-tuned; the spelling channels stay random.
     */
    public static PosTagModel create(
            RnnConfig rnn,
            List<TaggedSentence> train,
            int wordEmbedding,
            int featureEmbedding,
            double wordDropout,
            WordVectors pretrained,
            String tagset,
            String dataset) {
        WordFeatures features = WordFeatures.build(train);
        if (pretrained != null) {
            pretrained.requireDimension(wordEmbedding);
            features = features.withPretrainedWords(pretrained);
        }
        List<String> allTags = new ArrayList<>();
        train.forEach(s -> allTags.addAll(s.tags()));
        Vocabulary tags = Vocabulary.build(allTags, 1, List.of());
        List<EmbeddedInput> inputs = new ArrayList<>();
        for (Channel c : Channel.values()) {
            inputs.add(new EmbeddedInput(
                    c.id(), features.vocabulary(c).size(), c == Channel.WORD ? wordEmbedding : featureEmbedding));
        }
        ComputationGraph graph = RecurrentNetworks.perStepTagger(rnn, inputs, tags.size());
        String source = null;
        if (pretrained != null) {
            Vocabulary words = features.vocabulary(Channel.WORD);
            int set = pretrained.copyInto(
                    graph.getLayer(RecurrentNetworks.embeddingLayerName(Channel.WORD.id()))
                            .getParam("W"),
                    words);
            source = pretrained.describe(set, words.size());
        }
        return new PosTagModel(
                graph,
                features,
                tags,
                new Spec(
                        rnn,
                        tagset,
                        wordEmbedding,
                        featureEmbedding,
                        wordDropout,
                        source,
                        features.trainWords(),
                        dataset,
                        Instant.now().toString()));
    }

    /**
     * One minibatch: features [batch, channels, time] (ids), one-hot tags [batch, tags, time], masks when
     * padded. {@code dropout} (may be null) hides words as {@code <unk>} for training.
     */
    DataSet dataSet(List<TaggedSentence> batch, WordDropout dropout) {
        List<int[][]> ids = new ArrayList<>(batch.size());
        List<int[]> wordIds = new ArrayList<>(batch.size());
        List<int[]> tagIds = new ArrayList<>(batch.size());
        for (TaggedSentence s : batch) {
            int[][] x = features.encode(s.words());
            if (dropout != null) {
                dropout.apply(x[0]);
            }
            ids.add(x);
            wordIds.add(x[0]);
            tagIds.add(tagIds(s));
        }
        DataSet ds = batcher.perStep(wordIds, tagIds); // labels and masks; the features are all channels:
        ds.setFeatures(stack(ids, SequenceBatcher.maxLength(wordIds)));
        return ds;
    }

    private int[] tagIds(TaggedSentence s) {
        int[] y = new int[s.length()];
        for (int t = 0; t < y.length; t++) {
            String tag = s.tags().get(t);
            if (!tags.contains(tag)) {
                throw new UserFacingException(s.file() + ":" + s.lines()[t] + ": tag '" + tag
                        + "' is not one the model was trained on " + tags.tokens());
            }
            y[t] = tags.id(tag);
        }
        return y;
    }

    private static INDArray stack(List<int[][]> ids, int time) {
        int channels = Channel.values().length;
        float[] data = new float[ids.size() * channels * time];
        for (int b = 0; b < ids.size(); b++) {
            int[][] x = ids.get(b);
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < x[c].length; t++) {
                    data[(b * channels + c) * time + t] = x[c][t];
                }
            }
        }
        return Nd4j.create(data, new long[] {ids.size(), channels, time}, 'c');
    }

    /**
     * Length-bucketed training or evaluation batches. Bidirectional models get batches of one exact length:
     * DL4J 1.0.0-M2.1 leaks padding into Bidirectional layers despite the mask (pinned by a sentiment test).
     * {@code dropout} (may be null) applies word dropout.
     */
    BucketIterator<TaggedSentence> batches(
            List<TaggedSentence> examples, int batchSize, boolean shuffle, long seed, WordDropout dropout) {
        return new BucketIterator<>(
                examples,
                TaggedSentence::length,
                b -> dataSet(b, dropout),
                batchSize,
                shuffle,
                seed,
                spec.rnn().bidirectional());
    }

    /** Word dropout for training on {@code train}, or null when the recipe has none. */
    WordDropout wordDropout(List<TaggedSentence> train, long seed) {
        if (spec.wordDropout() <= 0) {
            return null;
        }
        List<String> words = new ArrayList<>();
        train.forEach(s -> s.words().forEach(w -> words.add(Channel.WORD.value(w))));
        return new WordDropout(words, features.vocabulary(Channel.WORD), spec.wordDropout(), seed);
    }

    /**
     * Tag probabilities, {@code [sentence][word][tag]}. Sentences run in groups of equal length, so no
     * padding reaches the network (exact for every model, and less work).
     */
    public double[][][] probabilities(List<List<String>> sentences, int batchSize) {
        Map<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int i = 0; i < sentences.size(); i++) {
            if (sentences.get(i).isEmpty()) {
                throw new UserFacingException("cannot tag an empty sentence");
            }
            byLength.computeIfAbsent(sentences.get(i).size(), k -> new ArrayList<>())
                    .add(i);
        }
        double[][][] out = new double[sentences.size()][][];
        for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
            int time = group.getKey();
            List<Integer> same = group.getValue();
            for (int start = 0; start < same.size(); start += batchSize) {
                List<Integer> part = same.subList(start, Math.min(start + batchSize, same.size()));
                List<int[][]> ids = part.stream()
                        .map(i -> features.encode(sentences.get(i)))
                        .toList();
                INDArray probs = graph.outputSingle(false, ChannelSplitIterator.split(stack(ids, time)));
                float[] p = probs.dup('c').data().asFloat();
                int classes = tags.size();
                for (int b = 0; b < part.size(); b++) {
                    double[][] words = new double[time][classes];
                    for (int t = 0; t < time; t++) {
                        for (int c = 0; c < classes; c++) {
                            words[t][c] = p[(b * classes + c) * time + t];
                        }
                    }
                    out[part.get(b)] = words;
                }
            }
        }
        graph.rnnClearPreviousState();
        return out;
    }

    /** The most probable tag of each word of each sentence. */
    public List<List<String>> tag(List<List<String>> sentences, int batchSize) {
        double[][][] p = probabilities(sentences, batchSize);
        List<List<String>> out = new ArrayList<>(p.length);
        for (double[][] sentence : p) {
            List<String> t = new ArrayList<>(sentence.length);
            for (double[] word : sentence) {
                t.add(tags.token(argmax(word)));
            }
            out.add(t);
        }
        return out;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    public TaggingMetrics evaluate(List<TaggedSentence> examples, int batchSize) {
        List<int[]> truth = examples.stream().map(this::tagIds).toList(); // unknown tags fail here, before any work
        double[][][] p =
                probabilities(examples.stream().map(TaggedSentence::words).toList(), batchSize);
        TaggingMetrics metrics = new TaggingMetrics(tags.tokens());
        for (int i = 0; i < p.length; i++) {
            TaggedSentence s = examples.get(i);
            for (int t = 0; t < p[i].length; t++) {
                metrics.add(p[i][t], truth.get(i)[t], !features.known(s.words().get(t)));
            }
        }
        return metrics;
    }

    public void save(Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("task", "postag");
        entries.put("vocabulary.json", features.vocabulary(Channel.WORD).toJson());
        entries.put("spec.json", Json.write(spec));
        entries.put(TAGS, tags.toJson());
        entries.putAll(features.toEntries());
        ModelArchive.save(file, graph, entries);
    }

    public static PosTagModel load(Path file) {
        ModelArchive.Loaded loaded = ModelArchive.load(file, "postag");
        Spec spec = loaded.spec(Spec.class);
        return new PosTagModel(
                loaded.graph(),
                WordFeatures.fromEntries(loaded::entry, spec.trainWords()),
                Vocabulary.fromJson(loaded.entry(TAGS)),
                spec);
    }

    public ComputationGraph graph() {
        return graph;
    }

    public WordFeatures features() {
        return features;
    }

    public Vocabulary tags() {
        return tags;
    }

    public Spec spec() {
        return spec;
    }

    public long parameterCount() {
        return graph.numParams();
    }
}
