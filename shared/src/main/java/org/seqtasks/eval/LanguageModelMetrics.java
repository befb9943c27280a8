package org.seqtasks.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A language model's held-out figures, all from the mean negative log-likelihood per character in nats:
 * bits per character = nll / ln 2, perplexity = e^nll (the effective number of equally likely next
 * characters). {@code accuracy} is how often the likeliest next character is the right one.
 */
public record LanguageModelMetrics(double nll, double accuracy, long characters) {
    public static LanguageModelMetrics of(SequenceCrossEntropy.Result r) {
        return new LanguageModelMetrics(r.mean(), r.accuracy(), r.steps());
    }

    public double bitsPerChar() {
        return nll / Math.log(2);
    }

    public double perplexity() {
        return Math.exp(nll);
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nll", nll);
        m.put("bitsPerChar", bitsPerChar());
        m.put("perplexity", perplexity());
        m.put("accuracy", accuracy);
        m.put("characters", characters);
        return m;
    }
}
