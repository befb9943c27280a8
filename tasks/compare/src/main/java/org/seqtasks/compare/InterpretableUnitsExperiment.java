package org.seqtasks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqtasks.charlm.CharLmModel;
import org.seqtasks.data.SequenceBatcher;

/**
 * Experiment 5, interpretable cells: the trained char-LM reads a held-out text in one pass; every hidden
 * unit's activation is correlated with properties of the characters ({@link TextProperties}), and the best
 * unit per property is shown colouring the text. The same analysis on an untrained copy of the network is
 * the control: a correlation only means something above what random weights already give.
 */
public final class InterpretableUnitsExperiment {
    private InterpretableUnitsExperiment() {}

    /** A stretch of text and one unit's activation on each of its characters. */
    public record Rendering(
            String property, int layer, int unit, double correlation, String text, double[] activation) {}

    /** {@code untrained} holds the control's best |r| per property, in {@code findings}' order. */
    public record Result(
            String cell,
            String model,
            int layers,
            int hidden,
            int characters,
            List<UnitCorrelations.Finding> findings,
            double[] untrained,
            List<Rendering> renderings) {
        public String reading() {
            if (findings.isEmpty()) {
                return "No property of the text varied, so there was nothing to correlate.";
            }
            StringBuilder b = new StringBuilder(Readings.f(
                    "Over %d held-out characters and the %d x %d units of the trained %s, ",
                    characters, layers, hidden, cell));
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < findings.size(); i++) {
                UnitCorrelations.Finding f = findings.get(i);
                parts.add(Readings.f(
                        "'%s' is followed best by unit %d of layer %d (r = %+.2f; untrained control %.2f)",
                        f.property(), f.unit(), f.layer() + 1, f.correlation(), untrained[i]));
            }
            b.append(String.join("; ", parts)).append(". ");
            int clear = 0;
            UnitCorrelations.Finding strongest = null;
            for (int i = 0; i < findings.size(); i++) {
                double r = Math.abs(findings.get(i).correlation());
                if (r >= 0.5 && r > untrained[i] + 0.15) {
                    clear++;
                    if (strongest == null || r > Math.abs(strongest.correlation())) {
                        strongest = findings.get(i);
                    }
                }
            }
            b.append(
                    clear == 0
                            ? "No unit tracks a property clearly beyond the untrained control (|r| >= 0.5 and 0.15 above it): with this short"
                                    + " training the model has not formed such units yet; train longer (--full) and look again."
                            : Readings.f(
                                    "%d of the %d properties have a unit well above the control (|r| >= 0.5 and 0.15 above it); the clearest is"
                                            + " '%s' (r = %+.2f). Nobody told the network about these properties: predicting the next character made it worth"
                                            + " keeping track of them.",
                                    clear, findings.size(), strongest.property(), strongest.correlation()));
            return b.toString();
        }
    }

    public static Result run(Path modelFile, String text, int renderLength, int renderings) {
        CharLmModel trained = CharLmModel.load(modelFile);
        CharLmModel untrained = CharLmModel.create(
                trained.spec().rnn(),
                trained.vocabulary(),
                trained.spec().seqLength(),
                trained.spec().dataset());
        Map<String, double[]> properties = TextProperties.of(text);
        double[][][] acts = activations(trained, text);
        List<UnitCorrelations.Finding> findings = UnitCorrelations.best(acts, properties);
        List<UnitCorrelations.Finding> control = UnitCorrelations.best(activations(untrained, text), properties);
        double[] untrainedBest = new double[findings.size()];
        for (int i = 0; i < findings.size(); i++) {
            String p = findings.get(i).property();
            untrainedBest[i] = control.stream()
                    .filter(c -> c.property().equals(p))
                    .mapToDouble(c -> Math.abs(c.correlation()))
                    .findFirst()
                    .orElse(0);
        }
        List<Rendering> shown = new ArrayList<>();
        findings.stream()
                .sorted(Comparator.comparingDouble((UnitCorrelations.Finding f) -> -Math.abs(f.correlation())))
                .limit(renderings)
                .forEach(f -> {
                    int start = liveliestWindow(properties.get(f.property()), renderLength);
                    int end = Math.min(text.length(), start + renderLength);
                    double[] a = Arrays.copyOfRange(acts[f.layer()][f.unit()], start, end);
                    shown.add(new Rendering(
                            f.property(), f.layer(), f.unit(), f.correlation(), text.substring(start, end), a));
                });
        var rnn = trained.spec().rnn();
        return new Result(
                rnn.cell().displayName(),
                modelFile.getFileName().toString(),
                rnn.layers(),
                rnn.hidden(),
                text.length(),
                findings,
                untrainedBest,
                shown);
    }

    /** {@code [layer][unit][character]}: each recurrent layer's output while the model reads {@code text} in one pass. */
    static double[][][] activations(CharLmModel model, String text) {
        int[] ids = model.vocabulary().encodeCharacters(text);
        MultiLayerNetwork net = model.network();
        INDArray features = SequenceBatcher.oneHot(
                        model.vocabulary().size(), model.vocabulary().size())
                .features(List.of(ids), ids.length);
        List<INDArray> layers = net.feedForward(features, false);
        int recurrent = model.spec().rnn().layers();
        double[][][] out = new double[recurrent][][];
        for (int l = 0; l < recurrent; l++) {
            INDArray a = layers.get(l + 1); // [1, H, T]; entry 0 is the input
            int units = (int) a.size(1);
            out[l] = new double[units][];
            for (int u = 0; u < units; u++) {
                out[l][u] = a.get(NDArrayIndex.point(0), NDArrayIndex.point(u), NDArrayIndex.all())
                        .dup()
                        .data()
                        .asDouble();
            }
        }
        return out;
    }

    /** The start of the window (on a 50-character grid) where the property changes most often: the most to see. */
    static int liveliestWindow(double[] property, int length) {
        int best = 0;
        int bestChanges = -1;
        for (int start = 0; start + length <= property.length || start == 0; start += 50) {
            int end = Math.min(property.length, start + length);
            int changes = 0;
            for (int i = start + 1; i < end; i++) {
                changes += property[i] != property[i - 1] ? 1 : 0;
            }
            if (changes > bestChanges) {
                bestChanges = changes;
                best = start;
            }
            if (start + length >= property.length) {
                break;
            }
        }
        return best;
    }
}
