package org.seqtasks.charlm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.TrainRecipe;
import org.seqtasks.data.FullBatchIterator;
import org.seqtasks.data.SequenceBatcher;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.eval.SequenceCrossEntropy;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.train.CurvePoint;
import org.seqtasks.train.TrainOptions;
import org.seqtasks.train.TrainResult;
import org.seqtasks.train.Trainer;

/**
 * The lecture's two character labs ("Deep Learning Zero To All", RNN labs), with their data and
 * hyperparameters: every window of {@code window} characters of a short text, the target the window
 * shifted by one, one-hot input, trained full-batch with Adam.
 *
 * <ul>
 *   <li>{@code hihello}: alphabet [h, i, e, l, o], input "hihell", target "ihello"; one recurrent layer
 *       of 5 units, Adam 0.1, 100 iterations. The lab has <em>no output layer</em>: the 5 hidden units
 *       are the logits ({@code --no-output-layer} reproduces that).</li>
 *   <li>{@code longseq}: the 180-character "if you want to build a ship..." sentence, its 170 windows of
 *       10; two recurrent layers of 25 units (the alphabet's size), a dense softmax at every step, Adam
 *       0.1, 100 iterations. The alphabet is sorted here; the lab's came from a Python set, whose order
 *       (and so the lab's every run) changes with the interpreter's string hashing.</li>
 * </ul>
 *
 * <p>The decoded prediction is what the lab prints: the likeliest character at every step of the first
 * window, then the last step of each later window, which spells the text without its first character
 * (no window predicts its own first input). Every window starts from a zero state, so a window's first
 * step sees one character and nothing else: in longseq the first window's first step sees 'i', which the
 * sentence follows with f, l, p, g, m and t, and whatever the model answers there is a guess. That is
 * why neither the lab nor any model here reliably prints the reconstruction's first character, and why
 * the loss cannot reach 0: {@link #lossFloor()} is the best any model can do on these windows.
 */
final class CharLmLab {
    /** The sentence of the second lab (180 characters, 25 distinct). */
    static final String LONG_SENTENCE = "if you want to build a ship, don't drum up people together to collect wood"
            + " and don't assign them tasks and work, but rather teach them to long for the endless immensity of the sea.";

    /** A lab's data and architecture; {@code alphabet} fixes the one-hot order. */
    record Setting(String name, String text, List<String> alphabet, int window, int layers) {
        static Setting of(CharLmCorpus corpus) {
            return switch (corpus.name()) {
                case "hihello" ->
                    new Setting(
                            "hihello",
                            corpus.text(),
                            List.of("h", "i", "e", "l", "o"),
                            corpus.text().length() - 1,
                            1);
                case "longseq" ->
                    new Setting(
                            "longseq",
                            corpus.text(),
                            Vocabulary.characters(corpus.text()).stream()
                                    .distinct()
                                    .sorted()
                                    .toList(),
                            10,
                            2);
                default -> null;
            };
        }

        /** What a perfect model's decoded prediction reads. */
        String target() {
            return text.substring(1);
        }

        /**
         * Whether {@code prediction} reads the target in every character a model can know. With several
         * windows the first character is predicted from the first input alone, which other windows
         * follow differently (see the class comment), so it is left out; hihello's one window has no
         * such clash.
         */
        boolean reads(String prediction, int windows) {
            int from = windows > 1 ? 1 : 0;
            return prediction.length() == target().length()
                    && prediction.substring(from).equals(target().substring(from));
        }
    }

    /** The outcome of a lab run: the model, its training, and the last measurement of its windows. */
    record Outcome(
            CharLmModel model,
            TrainResult trained,
            double loss,
            double accuracy,
            String prediction,
            int firstCorrectIteration) {
        List<CurvePoint> curve() {
            return trained.curve();
        }

        int iterations() {
            return (int) trained.iterations();
        }
    }

    private final Setting setting;
    private final Vocabulary vocabulary;
    private final DataSet batch;

    CharLmLab(Setting setting) {
        this.setting = setting;
        this.vocabulary = new Vocabulary(setting.alphabet());
        int[] ids = vocabulary.encodeCharacters(setting.text());
        List<int[]> inputs = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        for (int start = 0; start + setting.window() < ids.length; start++) {
            inputs.add(Arrays.copyOfRange(ids, start, start + setting.window()));
            targets.add(Arrays.copyOfRange(ids, start + 1, start + setting.window() + 1));
        }
        this.batch =
                SequenceBatcher.oneHot(vocabulary.size(), vocabulary.size()).perStep(inputs, targets);
    }

    /**
     * The lab's recipe: as many units as characters (the hihello lab reads its state as the logits), Adam 0.1, no
     * clipping, 100 full-batch iterations, the last kept; options may override.
     */
    TrainRecipe recipe(Cell cell, long seed) {
        return TrainRecipe.of(RnnConfig.of(cell, seed)
                        .hidden(vocabulary.size())
                        .layers(setting.layers())
                        .learningRate(0.1))
                .epochs(100)
                .keepBest(false);
    }

    int windows() {
        return (int) batch.getFeatures().size(0);
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * With {@code outputLayer}, recurrent layers then a dense softmax at every step (the fix, and the
     * longseq lab's model). Without, the last recurrent layer's state goes straight into softmax
     * cross-entropy (the hihello lab's model): its width must be the alphabet's, and since tanh bounds
     * every state to [-1, 1], no logit can be larger than 1.
     */
    MultiLayerNetwork network(RnnConfig rnn, boolean outputLayer) {
        if (outputLayer) {
            return RecurrentNetworks.perStepClassifier(rnn, vocabulary.size(), vocabulary.size());
        }
        if (rnn.hidden() != vocabulary.size()) {
            throw new UserFacingException(
                    "--no-output-layer uses the last layer's state as the logits, so --hidden must be the alphabet's size, "
                            + vocabulary.size() + "; got " + rnn.hidden());
        }
        return RecurrentNetworks.perStepWithoutOutputLayer(rnn, vocabulary.size());
    }

    /**
     * The lab's training: one batch holds every window, so an epoch of the {@link Trainer} is one full-batch update,
     * and each is followed by a measurement of loss and prediction on the same windows (the lab has no held-out text;
     * nothing is chosen by it: the model is the last iteration's). A line is printed every {@code printEvery} iterations
     * and whenever the prediction changes.
     */
    Outcome train(RnnConfig rnn, boolean outputLayer, int iterations, int printEvery) {
        MultiLayerNetwork net = network(rnn, outputLayer);
        CharLmModel model = new CharLmModel(
                net,
                vocabulary,
                new CharLmModel.Spec(
                        rnn, setting.window(), setting.name(), Instant.now().toString()));
        Progress progress = new Progress(iterations, printEvery);
        TrainOptions options = new TrainOptions(iterations, 0, 0, 0, "chars", false, false).quietly();
        TrainResult trained = new Trainer(options)
                .fit(net, new FullBatchIterator(batch), 1, progress::measure, null, null, rnn.seed());
        return new Outcome(
                model,
                trained,
                progress.result.mean(),
                progress.result.accuracy(),
                progress.prediction,
                progress.firstCorrect);
    }

    /** What the lab watches after each update: loss, prediction, when it first read the target. */
    private final class Progress {
        private final int iterations;
        private final int printEvery;
        private int iteration;
        private String previous;
        private String prediction;
        private int firstCorrect = -1;
        private SequenceCrossEntropy.Result result;

        Progress(int iterations, int printEvery) {
            this.iterations = iterations;
            this.printEvery = printEvery;
        }

        double measure(MultiLayerNetwork net) {
            int it = ++iteration;
            INDArray probs = net.output(batch.getFeatures(), false);
            result = SequenceCrossEntropy.of(probs, batch.getLabels(), null);
            if (!Double.isFinite(result.mean())) {
                throw new UserFacingException("training diverged at iteration " + it + "; try a lower --lr");
            }
            prediction = decode(probs);
            if (firstCorrect < 0 && setting.reads(prediction, windows())) {
                firstCorrect = it;
            }
            // A change of the guessed first character alone (see the class comment) is not news.
            int known = windows() > 1 ? 1 : 0;
            boolean changed = previous == null || !prediction.substring(known).equals(previous.substring(known));
            if (it % printEvery == 0 || it == 1 || it == iterations || changed) {
                System.out.printf(Locale.ROOT, "%4d  loss %.4f  %s%n", it, result.mean(), prediction);
            }
            previous = prediction;
            return result.mean();
        }
    }

    /** The lab's reconstruction: the first window's prediction, then the last character of each later one's. */
    String decode(INDArray probs) {
        int windows = (int) probs.size(0);
        int classes = (int) probs.size(1);
        int time = (int) probs.size(2);
        float[] p = probs.dup('c').data().asFloat();
        StringBuilder out = new StringBuilder();
        for (int w = 0; w < windows; w++) {
            for (int t = w == 0 ? 0 : time - 1; t < time; t++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (p[(w * classes + c) * time + t] > p[(w * classes + best) * time + t]) {
                        best = c;
                    }
                }
                out.append(vocabulary.token(best));
            }
        }
        return out.toString();
    }

    Setting setting() {
        return setting;
    }

    /**
     * The lowest mean cross-entropy any model can reach on these windows: each window starts from a zero
     * state, so a step sees exactly its window's prefix, and identical prefixes followed by different
     * characters must share one distribution (best: their observed frequencies). 0 when no prefix clashes.
     */
    double lossFloor() {
        String text = setting.text();
        Map<String, Map<Character, Integer>> next = new HashMap<>();
        int steps = 0;
        for (int start = 0; start + setting.window() < text.length(); start++) {
            for (int t = 1; t <= setting.window(); t++) {
                next.computeIfAbsent(text.substring(start, start + t), k -> new HashMap<>())
                        .merge(text.charAt(start + t), 1, Integer::sum);
                steps++;
            }
        }
        double nats = 0;
        for (Map<Character, Integer> counts : next.values()) {
            int n = counts.values().stream().mapToInt(Integer::intValue).sum();
            for (int c : counts.values()) {
                nats -= c * Math.log(c / (double) n);
            }
        }
        return nats / steps;
    }

    /**
     * Without an output layer the logits are tanh-bounded states in [-1, 1]; the best such a model can
     * do at a step is +1 for the right character and -1 for the others, so its loss is at least
     * {@code ln(1 + (V - 1) e^-2)}: 0.4327 nats for hihello's 5 characters, however long it trains.
     */
    double boundedLogitFloor() {
        return Math.log(1 + (vocabulary.size() - 1) * Math.exp(-2));
    }

    /** The figures a lab run adds to metrics.json. */
    void addFigures(Map<String, Object> figures, Outcome o, boolean outputLayer) {
        figures.put("labLoss", o.loss());
        figures.put("labAccuracy", o.accuracy());
        figures.put("prediction", o.prediction());
        figures.put("firstCorrectIteration", o.firstCorrectIteration());
        figures.put("iterations", o.iterations());
        figures.put("lossFloor", lossFloor());
        if (!outputLayer) {
            figures.put("boundedLogitFloor", boundedLogitFloor());
        }
    }
}
