package org.seqtasks.sentiment;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.seqtasks.data.BucketIterator;
import org.seqtasks.data.Json;
import org.seqtasks.data.SeqtasksException;
import org.seqtasks.data.SequenceBatcher;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.eval.ClassificationMetrics;
import org.seqtasks.model.ModelArchive;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RecurrentNetworks.Pooling;
import org.seqtasks.model.RnnConfig;

/**
 * A trained sentence-polarity classifier: word ids -> embedding -> SimpleRnn/LSTM layers -> the state at
 * each sentence's last real word (or, bidirectional, the max over words) -> softmax over
 * {negative, positive}. Holds the word vocabulary it was trained with and its recipe.
 */
public final class SentimentModel {
    /** The recipe saved with the model. */
    public record Spec(RnnConfig rnn, int embedding, Pooling pooling, int minFrequency, String dataset, String createdAt) {
    }

    private final MultiLayerNetwork network;
    private final Vocabulary vocabulary;
    private final Spec spec;
    private final SequenceBatcher batcher;

    public SentimentModel(MultiLayerNetwork network, Vocabulary vocabulary, Spec spec) {
        this.network = network;
        this.vocabulary = vocabulary;
        this.spec = spec;
        this.batcher = SequenceBatcher.indices(vocabulary.size(), LabelledSentence.LABELS.size());
    }

    /** An untrained model whose vocabulary comes from {@code train} only. */
    public static SentimentModel create(RnnConfig rnn, List<LabelledSentence> train, int embedding, int minFrequency, String dataset) {
        List<String> words = new ArrayList<>();
        train.forEach(s -> words.addAll(s.tokens()));
        Vocabulary vocabulary = Vocabulary.build(words, minFrequency, List.of(Vocabulary.PAD, Vocabulary.UNK));
        Pooling pooling = rnn.bidirectional() ? Pooling.MAX : Pooling.LAST;
        MultiLayerNetwork net = RecurrentNetworks.sequenceClassifier(rnn, vocabulary.size(), embedding, LabelledSentence.LABELS.size(), pooling);
        return new SentimentModel(net, vocabulary, new Spec(rnn, embedding, pooling, minFrequency, dataset, Instant.now().toString()));
    }

    /** Masked minibatches in the shape this model trains on. */
    public DataSet dataSet(List<LabelledSentence> batch) {
        List<int[]> ids = new ArrayList<>(batch.size());
        int[] labels = new int[batch.size()];
        for (int i = 0; i < labels.length; i++) {
            ids.add(vocabulary.encode(batch.get(i).tokens()));
            labels[i] = batch.get(i).label();
        }
        return spec.pooling() == Pooling.LAST ? batcher.lastStep(ids, labels) : batcher.perSequence(ids, labels);
    }

    /** Length-bucketed batches over {@code examples}. */
    public BucketIterator<LabelledSentence> batches(List<LabelledSentence> examples, int batchSize, boolean shuffle, long seed) {
        return new BucketIterator<>(examples, LabelledSentence::length, this::dataSet, batchSize, shuffle, seed);
    }

    /** P(negative), P(positive) for each tokenized sentence, read at its own last word. */
    public double[][] probabilities(List<List<String>> sentences, int batchSize) {
        double[][] out = new double[sentences.size()][];
        for (int start = 0; start < sentences.size(); start += batchSize) {
            List<int[]> ids = new ArrayList<>();
            for (List<String> s : sentences.subList(start, Math.min(start + batchSize, sentences.size()))) {
                if (s.isEmpty()) {
                    throw new SeqtasksException("cannot classify an empty sentence");
                }
                ids.add(vocabulary.encode(s));
            }
            int time = SequenceBatcher.maxLength(ids);
            INDArray mask = SequenceBatcher.mask(ids, time);
            INDArray probs = network.output(batcher.features(ids, time), false, mask, null);
            for (int b = 0; b < ids.size(); b++) {
                double[] p = new double[LabelledSentence.LABELS.size()];
                for (int c = 0; c < p.length; c++) {
                    p[c] = probs.rank() == 3 ? probs.getDouble(b, c, ids.get(b).length - 1) : probs.getDouble(b, c);
                }
                out[start + b] = p;
            }
        }
        return out;
    }

    public ClassificationMetrics evaluate(List<LabelledSentence> examples, int batchSize) {
        double[][] p = probabilities(examples.stream().map(LabelledSentence::tokens).toList(), batchSize);
        ClassificationMetrics metrics = new ClassificationMetrics(LabelledSentence.LABELS.size());
        for (int i = 0; i < p.length; i++) {
            metrics.add(p[i], examples.get(i).label());
        }
        return metrics;
    }

    public void save(Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("task", "sentiment");
        entries.put("vocabulary.json", vocabulary.toJson());
        entries.put("spec.json", Json.write(spec));
        ModelArchive.save(file, network, entries);
    }

    public static SentimentModel load(Path file) {
        ModelArchive.Loaded loaded = ModelArchive.load(file);
        if (!loaded.entry("task").equals("sentiment")) {
            throw new SeqtasksException(file + ": a " + loaded.entry("task") + " model, not a sentiment model");
        }
        return new SentimentModel(loaded.network(), Vocabulary.fromJson(loaded.entry("vocabulary.json")),
                Json.read(loaded.entry("spec.json"), Spec.class));
    }

    public MultiLayerNetwork network() {
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
