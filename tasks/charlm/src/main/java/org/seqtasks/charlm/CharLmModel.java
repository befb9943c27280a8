package org.seqtasks.charlm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.NextTokenWindowIterator;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.eval.LanguageModelMetrics;
import org.seqtasks.eval.SequenceCrossEntropy;
import org.seqtasks.model.ModelArchive;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.model.layers.BatchOneRecurrence;

/**
 * A trained character language model: the network, the character vocabulary it was trained with, and
 * its recipe. Input is one-hot characters, output a softmax over the next character at every step.
 */
public final class CharLmModel {
    /** The recipe saved with the model. {@code seqLength} is the window the model trained and evaluates on. */
    public record Spec(RnnConfig rnn, int seqLength, String dataset, String createdAt) {}

    private final MultiLayerNetwork network;
    private final Vocabulary vocabulary;
    private final Spec spec;

    public CharLmModel(MultiLayerNetwork network, Vocabulary vocabulary, Spec spec) {
        this.network = network;
        this.vocabulary = vocabulary;
        this.spec = spec;
    }

    /** A fresh, untrained model for {@code vocabulary}. */
    public static CharLmModel create(RnnConfig rnn, Vocabulary vocabulary, int seqLength, String dataset) {
        MultiLayerNetwork net = RecurrentNetworks.perStepClassifier(rnn, vocabulary.size(), vocabulary.size());
        return new CharLmModel(
                net, vocabulary, new Spec(rnn, seqLength, dataset, Instant.now().toString()));
    }

    public void save(Path file) {
        ModelArchive.save(file, "charlm", network, vocabulary, spec);
    }

    public static CharLmModel load(Path file) {
        ModelArchive.Loaded loaded = ModelArchive.load(file, "charlm");
        return new CharLmModel(loaded.network(), loaded.vocabulary(), loaded.spec(Spec.class));
    }

    /** Batches of next-character windows over {@code text} for evaluation (corpus order, no shuffle). */
    public NextTokenWindowIterator windows(String text, int batch) {
        return new NextTokenWindowIterator(
                vocabulary.encodeCharacters(text), vocabulary.size(), spec.seqLength(), batch, false, 0);
    }

    /** Held-out figures on {@code text}: nats/char, bits/char, perplexity; state reset per window. */
    public LanguageModelMetrics evaluate(String text, int batch) {
        return LanguageModelMetrics.of(SequenceCrossEntropy.evaluate(network, windows(text, batch)));
    }

    /**
     * Generates {@code length} characters after {@code prime}, one step at a time with the hidden state carried from
     * step to step, each drawn character fed back as the next input. {@code temperature} divides the
     * log-probabilities: below 1 sharpens towards the likeliest character (0 = always the likeliest), above 1
     * flattens. The same seed gives the same text. Runs on {@link BatchOneRecurrence} (equal to the network's
     * {@code rnnTimeStep}, without its per-op dispatch).
     */
    public String sample(String prime, int length, double temperature, long seed) {
        if (temperature < 0) {
            throw new UserFacingException("--temperature must be >= 0, got " + temperature);
        }
        Random random = new Random(seed);
        int[] context = prime.isEmpty() ? new int[] {startId()} : vocabulary.encodeCharacters(prime);
        BatchOneRecurrence stepper = BatchOneRecurrence.of(network);
        StringBuilder out = new StringBuilder(prime);
        float[] p = null;
        for (int id : context) {
            p = stepper.next(id);
        }
        for (int i = 0; i < length; i++) {
            int next = draw(p, temperature, random);
            out.append(vocabulary.token(next));
            p = stepper.next(next);
        }
        return out.toString();
    }

    private int startId() {
        return vocabulary.contains("\n")
                ? vocabulary.id("\n")
                : (vocabulary.hasUnknown() && vocabulary.unknownId() == 0 ? 1 : 0);
    }

    private int draw(float[] p, double temperature, Random random) {
        int unk = vocabulary.hasUnknown() ? vocabulary.unknownId() : -1;
        if (temperature == 0) {
            int best = -1;
            for (int i = 0; i < p.length; i++) {
                if (i != unk && (best < 0 || p[i] > p[best])) {
                    best = i;
                }
            }
            return best;
        }
        double[] w = new double[p.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            w[i] = i == unk ? Double.NEGATIVE_INFINITY : Math.log(Math.max(p[i], 1e-30)) / temperature;
            max = Math.max(max, w[i]);
        }
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(w[i] - max);
            sum += w[i];
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < w.length; i++) {
            u -= w[i];
            if (u <= 0 && w[i] > 0) {
                return i;
            }
        }
        for (int i = w.length - 1; i >= 0; i--) {
            if (w[i] > 0) {
                return i;
            }
        }
        throw new IllegalStateException("no character to sample");
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
