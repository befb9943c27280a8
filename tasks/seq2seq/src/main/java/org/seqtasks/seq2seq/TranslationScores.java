package org.seqtasks.seq2seq;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.seqtasks.eval.Bleu;

/**
 * What {@code eval} reports of a set of translations: corpus BLEU-4 against the one reference, exact match,
 * and both broken down by source length in words (1-4, 5-6, 7-9, 10+: where a fixed-size summary of the
 * source starts to lose it) and, for generated dates, by the format the source was written in.
 */
final class TranslationScores {
    /** Upper ends of the source-length buckets, in words; anything longer goes to the last, open one. */
    static final int[][] BUCKETS = {{1, 4}, {5, 6}, {7, 9}};

    private final boolean characters;
    private final Bleu bleu = new Bleu();
    private final Map<String, Bleu> bleuByLength = new LinkedHashMap<>();
    private final Map<String, int[]> exactByLength = new LinkedHashMap<>();
    private final Map<String, int[]> exactByKind = new TreeMap<>();
    private int sentences;
    private int exact;

    TranslationScores(boolean characters) {
        this.characters = characters;
        for (int[] b : BUCKETS) {
            bleuByLength.put(b[0] + "-" + b[1], new Bleu());
            exactByLength.put(b[0] + "-" + b[1], new int[2]);
        }
        String open = (BUCKETS[BUCKETS.length - 1][1] + 1) + "+";
        bleuByLength.put(open, new Bleu());
        exactByLength.put(open, new int[2]);
    }

    static String bucket(int words) {
        for (int[] b : BUCKETS) {
            if (words <= b[1]) {
                return b[0] + "-" + b[1];
            }
        }
        return (BUCKETS[BUCKETS.length - 1][1] + 1) + "+";
    }

    void add(TranslationPair pair, List<String> hypothesis) {
        List<List<String>> reference = List.of(pair.target());
        boolean same = hypothesis.equals(pair.target());
        bleu.add(hypothesis, reference);
        sentences++;
        exact += same ? 1 : 0;
        String b = bucket(pair.sourceWords(characters));
        bleuByLength.get(b).add(hypothesis, reference);
        count(exactByLength.get(b), same);
        if (pair.kind() != null) {
            count(exactByKind.computeIfAbsent(pair.kind(), k -> new int[2]), same);
        }
    }

    private static void count(int[] counter, boolean same) {
        counter[0] += same ? 1 : 0;
        counter[1]++;
    }

    double bleu4() {
        return bleu.score(4);
    }

    double exactMatch() {
        return sentences == 0 ? Double.NaN : exact / (double) sentences;
    }

    int sentences() {
        return sentences;
    }

    /** The figures for metrics.json; empty buckets are left out. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bleu4", bleu4());
        m.put("exactMatch", exactMatch());
        m.put("sentences", sentences);
        Map<String, Object> byLength = new LinkedHashMap<>();
        bleuByLength.forEach((k, v) -> {
            if (v.sentences() > 0) {
                int[] e = exactByLength.get(k);
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("bleu4", v.score(4));
                one.put("exactMatch", e[0] / (double) e[1]);
                one.put("sentences", e[1]);
                byLength.put(k, one);
            }
        });
        m.put("bySourceWords", byLength);
        if (!exactByKind.isEmpty()) {
            Map<String, Object> byKind = new LinkedHashMap<>();
            exactByKind.forEach((k, e) -> byKind.put(k, e[0] / (double) e[1]));
            m.put("exactMatchByFormat", byKind);
        }
        return m;
    }
}
