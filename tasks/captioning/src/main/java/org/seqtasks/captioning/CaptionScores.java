package org.seqtasks.captioning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.seqtasks.captioning.CaptionGrammar.ObjectWords;
import org.seqtasks.captioning.CaptionGrammar.Reading;
import org.seqtasks.eval.Bleu;

/**
 * The figures of one evaluation: corpus BLEU-1..4, exact match (the caption equals a reference word for
 * word), and, when the references are sentences of {@link CaptionGrammar}, how often each attribute the
 * reference states is stated correctly by the generated caption: the size, colour and shape of the
 * {@code i}-th object mentioned, the relation between each neighbouring pair, and the number of objects.
 * A missing object counts as wrong on all its attributes. The same figures are kept per number of objects
 * in the reference, which is where SimpleRnn and LSTM part: three objects make the longest captions.
 */
final class CaptionScores {
    private final Bleu bleu = new Bleu();
    private long captions;
    private long exact;
    private final Map<String, long[]> attributes = new LinkedHashMap<>();
    private boolean grammarApplies = true;
    private final Map<Integer, CaptionScores> byObjects = new TreeMap<>();
    private final boolean top;

    CaptionScores() {
        this(true);
    }

    private CaptionScores(boolean top) {
        this.top = top;
        for (String name : List.of("size", "colour", "shape", "relation", "objectCount")) {
            attributes.put(name, new long[2]);
        }
    }

    void add(List<String> hypothesis, List<List<String>> references) {
        captions++;
        bleu.add(hypothesis, references);
        if (references.contains(hypothesis)) {
            exact++;
        }
        Reading truth = CaptionGrammar.parse(references.get(0));
        if (!truth.grammatical()) {
            grammarApplies = false;
        } else {
            Reading said = CaptionGrammar.parse(hypothesis);
            for (int i = 0; i < truth.objects().size(); i++) {
                ObjectWords t = truth.objects().get(i);
                ObjectWords s = i < said.objects().size() ? said.objects().get(i) : new ObjectWords(null, null, null);
                count("size", t.size() == s.size());
                count("colour", t.colour() == s.colour());
                count("shape", t.shape() == s.shape());
            }
            for (int i = 0; i < truth.relations().size(); i++) {
                count(
                        "relation",
                        i < said.relations().size()
                                && said.relations().get(i) == truth.relations().get(i));
            }
            count("objectCount", said.objects().size() == truth.objects().size());
        }
        if (top && truth.grammatical()) {
            byObjects
                    .computeIfAbsent(truth.objects().size(), k -> new CaptionScores(false))
                    .add(hypothesis, references);
        }
    }

    private void count(String attribute, boolean correct) {
        long[] c = attributes.get(attribute);
        c[0] += correct ? 1 : 0;
        c[1]++;
    }

    double exactMatch() {
        return captions > 0 ? exact / (double) captions : Double.NaN;
    }

    double bleu(int n) {
        return bleu.score(n);
    }

    double accuracy(String attribute) {
        long[] c = attributes.get(attribute);
        return c[1] > 0 ? c[0] / (double) c[1] : Double.NaN;
    }

    /** The figures under the metrics.json names: bleu1..bleu4, exactMatch, sizeAccuracy, ..., byObjects. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int n = 1; n <= Bleu.MAX_ORDER; n++) {
            m.put("bleu" + n, bleu.score(n));
        }
        m.put("exactMatch", exactMatch());
        m.put("captions", captions);
        if (grammarApplies && captions > 0) {
            for (String name : attributes.keySet()) {
                m.put(name + "Accuracy", accuracy(name));
            }
            if (top) {
                Map<String, Object> by = new LinkedHashMap<>();
                byObjects.forEach((k, v) -> {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("captions", v.captions);
                    one.put("exactMatch", v.exactMatch());
                    one.put("bleu4", v.bleu(4));
                    by.put(String.valueOf(k), one);
                });
                m.put("byObjects", by);
            }
        }
        return m;
    }

    Map<Integer, CaptionScores> byObjects() {
        return byObjects;
    }

    long captions() {
        return captions;
    }
}
