package org.seqtasks.sentiment;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.BucketIterator;
import org.seqtasks.data.SequenceBatcher;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.data.WordDropout;
import org.seqtasks.data.WordVectors;
import org.seqtasks.eval.ClassificationMetrics;
import org.seqtasks.model.ModelArchive;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RecurrentNetworks.Pooling;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.train.TrainResult;
import org.seqtasks.train.Trainer;

/**
 * A trained sentence-polarity classifier: word ids -> embedding -> SimpleRnn/LSTM layers -> one vector per
 * sentence ({@link Pooling}: the state at its last real word; the max over words; bidirectional, both directions'
 * final states) -> softmax over {negative, positive}. Holds the word vocabulary it was trained with and its recipe.
 * The network is a {@link MultiLayerNetwork}, or for {@link Pooling#ENDS} a {@link ComputationGraph}; this class
 * is the one place that tells them apart.
 */
public final class SentimentModel {
    /**
     * The recipe saved with the model.
     *
     * @param wordDropout alpha of {@link WordDropout} during training (0 = off)
     * @param pretrained  where the initial word vectors came from and how many words had one (null = random)
     * @param embeddingLrScale the embedding's learning rate as a fraction of the rest's (null in models saved before
     *                    the option existed: 1)
     */
    public record Spec(
            RnnConfig rnn,
            int embedding,
            Pooling pooling,
            int minFrequency,
            double wordDropout,
            String pretrained,
            Double embeddingLrScale,
            String dataset,
            String createdAt) {}

    private final Model network;
    private final Vocabulary vocabulary;
    private final Spec spec;
    private final SequenceBatcher batcher;

    public SentimentModel(Model network, Vocabulary vocabulary, Spec spec) {
        if (!(network instanceof MultiLayerNetwork || network instanceof ComputationGraph)) {
            throw new IllegalArgumentException("not a DL4J network: " + network.getClass());
        }
        this.network = network;
        this.vocabulary = vocabulary;
        this.spec = spec;
        this.batcher = SequenceBatcher.indices(vocabulary.size(), LabelledSentence.LABELS.size());
    }

    /** An untrained model whose vocabulary comes from {@code train} only, with random word vectors. */
    public static SentimentModel create(
            RnnConfig rnn,
            List<LabelledSentence> train,
            int embedding,
            int minFrequency,
            double wordDropout,
            String dataset) {
        return create(
                rnn,
                Pooling.defaultFor(rnn.bidirectional()),
                train,
                embedding,
                minFrequency,
                wordDropout,
                null,
                1,
                dataset);
    }

    /**
     * As above; with {@code pretrained} (may be null) the embedding starts from those vectors (its size is
     * theirs) and the vocabulary also holds the file's most frequent words (as many as
     * {@code pretrained} read, see {@link WordVectors#firstWords}), so
     * a word training never saw can still arrive with a meaningful vector. The vectors are fine-tuned at
     * {@code embeddingLrScale} times the learning rate of the rest (0 = frozen).
     */
    public static SentimentModel create(
            RnnConfig rnn,
            Pooling pooling,
            List<LabelledSentence> train,
            int embedding,
            int minFrequency,
            double wordDropout,
            WordVectors pretrained,
            double embeddingLrScale,
            String dataset) {
        List<String> words = new ArrayList<>();
        train.forEach(s -> words.addAll(s.tokens()));
        Vocabulary vocabulary = Vocabulary.build(words, minFrequency, List.of(Vocabulary.PAD, Vocabulary.UNK));
        if (pretrained != null) {
            pretrained.requireDimension(embedding);
            vocabulary = pretrained.extend(vocabulary);
        }
        int classes = LabelledSentence.LABELS.size();
        Model net = pooling == Pooling.ENDS
                ? RecurrentNetworks.bidirectionalEndsClassifier(
                        rnn, vocabulary.size(), embedding, embeddingLrScale, classes)
                : RecurrentNetworks.sequenceClassifier(
                        rnn, vocabulary.size(), embedding, embeddingLrScale, classes, pooling);
        String source = null;
        if (pretrained != null) {
            int set = pretrained.copyInto(embeddingWeights(net), vocabulary);
            source = pretrained.describe(set, vocabulary.size());
        }
        return new SentimentModel(
                net,
                vocabulary,
                new Spec(
                        rnn,
                        embedding,
                        pooling,
                        minFrequency,
                        wordDropout,
                        source,
                        embeddingLrScale,
                        dataset,
                        Instant.now().toString()));
    }

    /** Masked minibatches in the shape this model trains on. */
    public DataSet dataSet(List<LabelledSentence> batch) {
        return dataSet(batch, null);
    }

    /** As {@link #dataSet(List)}, with {@code dropout} (may be null) hiding words as {@code <unk>}. */
    private DataSet dataSet(List<LabelledSentence> batch, WordDropout dropout) {
        List<int[]> ids = new ArrayList<>(batch.size());
        int[] labels = new int[batch.size()];
        for (int i = 0; i < labels.length; i++) {
            int[] x = vocabulary.encode(batch.get(i).tokens());
            if (dropout != null) {
                dropout.apply(x);
            }
            ids.add(x);
            labels[i] = batch.get(i).label();
        }
        return spec.pooling() == Pooling.LAST ? batcher.lastStep(ids, labels) : batcher.perSequence(ids, labels);
    }

    /**
     * Trains with {@code trainer} on {@code train}, validating with {@code validationLoss} and saving with
     * {@code checkpoint} whenever it improves.
     */
    public TrainResult fit(
            Trainer trainer,
            BucketIterator<LabelledSentence> train,
            DoubleSupplier validationLoss,
            Runnable checkpoint,
            Path curveCsv) {
        long seed = spec.rnn().seed();
        if (network instanceof ComputationGraph graph) {
            return trainer.fit(
                    graph,
                    new MultiDataSetIteratorAdapter(train),
                    train.batchesPerEpoch(),
                    g -> validationLoss.getAsDouble(),
                    g -> checkpoint.run(),
                    curveCsv,
                    seed);
        }
        return trainer.fit(
                (MultiLayerNetwork) network,
                train,
                train.batchesPerEpoch(),
                n -> validationLoss.getAsDouble(),
                n -> checkpoint.run(),
                curveCsv,
                seed);
    }

    /** One optimisation step on {@code batch} (tests nudge a model off its initial weights with it). */
    void fit(DataSet batch) {
        if (network instanceof ComputationGraph graph) {
            graph.fit(batch);
        } else {
            ((MultiLayerNetwork) network).fit(batch);
        }
    }

    /** The word embedding table, one row per vocabulary id (a view: writes change the model). */
    public INDArray embeddingWeights() {
        return embeddingWeights(network);
    }

    private static INDArray embeddingWeights(Model network) {
        return network instanceof ComputationGraph graph
                ? graph.getLayer(RecurrentNetworks.embeddingLayerName(RecurrentNetworks.WORDS))
                        .getParam("W")
                : ((MultiLayerNetwork) network).getLayer(0).getParam("W");
    }

    /**
     * Length-bucketed batches over {@code examples}. Bidirectional models get batches of one exact length:
     * DL4J 1.0.0-M2.1 leaks padding into stacked Bidirectional layers despite the mask (see the tests).
     * {@code dropout} (may be null) applies word dropout.
     */
    public BucketIterator<LabelledSentence> batches(
            List<LabelledSentence> examples, int batchSize, boolean shuffle, long seed, WordDropout dropout) {
        return new BucketIterator<>(
                examples,
                LabelledSentence::length,
                b -> dataSet(b, dropout),
                batchSize,
                shuffle,
                seed,
                spec.rnn().bidirectional());
    }

    /** Word dropout for training on {@code train}, or null when the recipe has none. */
    public WordDropout wordDropout(List<LabelledSentence> train, long seed) {
        if (spec.wordDropout() <= 0) {
            return null;
        }
        List<String> tokens = new ArrayList<>();
        train.forEach(s -> tokens.addAll(s.tokens()));
        return new WordDropout(tokens, vocabulary, spec.wordDropout(), seed);
    }

    /**
     * P(negative), P(positive) for each tokenized sentence. Sentences are run in groups of equal length, so no
     * padding reaches the network at prediction time (exact for every model, and less work).
     */
    public double[][] probabilities(List<List<String>> sentences, int batchSize) {
        Map<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int i = 0; i < sentences.size(); i++) {
            if (sentences.get(i).isEmpty()) {
                throw new UserFacingException("cannot classify an empty sentence");
            }
            byLength.computeIfAbsent(sentences.get(i).size(), k -> new ArrayList<>())
                    .add(i);
        }
        double[][] out = new double[sentences.size()][];
        for (List<Integer> same : byLength.values()) {
            for (int start = 0; start < same.size(); start += batchSize) {
                List<Integer> group = same.subList(start, Math.min(start + batchSize, same.size()));
                List<int[]> ids = group.stream()
                        .map(i -> vocabulary.encode(sentences.get(i)))
                        .toList();
                double[][] p = probabilitiesOfBatch(ids);
                for (int b = 0; b < group.size(); b++) {
                    out[group.get(b)] = p[b];
                }
            }
        }
        return out;
    }

    /** One forward pass over a padded, masked batch; each sentence read at its own last word. */
    double[][] probabilitiesOfBatch(List<int[]> ids) {
        int time = SequenceBatcher.maxLength(ids);
        INDArray features = batcher.features(ids, time);
        INDArray mask = SequenceBatcher.mask(ids, time);
        INDArray probs = network instanceof ComputationGraph graph
                ? graph.output(false, new INDArray[] {features}, new INDArray[] {mask})[0]
                : ((MultiLayerNetwork) network).output(features, false, mask, null);
        double[][] out = new double[ids.size()][LabelledSentence.LABELS.size()];
        for (int b = 0; b < ids.size(); b++) {
            for (int c = 0; c < out[b].length; c++) {
                out[b][c] = probs.rank() == 3 ? probs.getDouble(b, c, ids.get(b).length - 1) : probs.getDouble(b, c);
            }
        }
        return out;
    }

    public ClassificationMetrics evaluate(List<LabelledSentence> examples, int batchSize) {
        double[][] p =
                probabilities(examples.stream().map(LabelledSentence::tokens).toList(), batchSize);
        ClassificationMetrics metrics = new ClassificationMetrics(LabelledSentence.LABELS.size());
        for (int i = 0; i < p.length; i++) {
            metrics.add(p[i], examples.get(i).label());
        }
        return metrics;
    }

    public void save(Path file) {
        ModelArchive.save(file, "sentiment", network, vocabulary, spec);
    }

    public static SentimentModel load(Path file) {
        ModelArchive.Loaded loaded = ModelArchive.load(file, "sentiment");
        return new SentimentModel(loaded.model(), loaded.vocabulary(), loaded.spec(Spec.class));
    }

    /** The DL4J network: a {@link MultiLayerNetwork}, or a {@link ComputationGraph} for {@link Pooling#ENDS}. */
    public Model network() {
        return network;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Spec spec() {
        return spec;
    }

    public long parameterCount() {
        return network.numParams();
    }
}
