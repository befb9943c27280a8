package org.seqtasks.postag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqtasks.eval.ClassificationMetrics;

/**
 * Token-level tagging figures: accuracy over all words and over the out-of-vocabulary ones (words training
 * never saw, where the spelling features must do the work), per-tag precision/recall/F1, the confusion
 * matrix and the mean cross-entropy per word (the validation loss).
 */
public final class TaggingMetrics {
    private final List<String> tags;
    private final ClassificationMetrics all;
    private final ClassificationMetrics unknown;

    TaggingMetrics(List<String> tags) {
        this.tags = List.copyOf(tags);
        this.all = new ClassificationMetrics(tags.size());
        this.unknown = new ClassificationMetrics(tags.size());
    }

    void add(double[] probabilities, int truth, boolean outOfVocabulary) {
        all.add(probabilities, truth);
        if (outOfVocabulary) {
            unknown.add(probabilities, truth);
        }
    }

    public double accuracy() {
        return all.accuracy();
    }

    public double oovAccuracy() {
        return unknown.count() > 0 ? unknown.accuracy() : Double.NaN;
    }

    public long tokens() {
        return all.count();
    }

    public long oovTokens() {
        return unknown.count();
    }

    /** Mean cross-entropy per word, in nats. */
    public double nll() {
        return all.logLoss();
    }

    public double macroF1() {
        return all.macroF1();
    }

    public long[][] confusion() {
        return all.confusion();
    }

    public List<String> tags() {
        return tags;
    }

    public double f1(String tag) {
        return all.f1(tags.indexOf(tag));
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>(all.asMap(tags));
        m.remove("examples");
        m.put("tokens", tokens());
        m.put("oovAccuracy", oovAccuracy());
        m.put("oovTokens", oovTokens());
        m.put("tags", tags);
        return m;
    }
}
