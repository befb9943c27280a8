package org.seqtasks.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits raw user text the way the benchmark corpora are already split (SST, MR): lower-cased, words
 * and punctuation as separate tokens, clitics detached ({@code don't -> do n't}, {@code film's -> film 's}),
 * brackets as SST writes them ({@code -lrb-}, {@code -rrb-}). Text from the corpora passes through
 * unchanged, so the same tokenizer serves training files and {@code predict}.
 */
public final class WordTokenizer {
    private static final Pattern TOKEN = Pattern.compile(
            "-lrb-|-rrb-|n't|'(?:s|re|ve|ll|d|m)\\b|[\\p{L}\\p{N}]+(?:[-.][\\p{L}\\p{N}]+)*(?=n't)|[\\p{L}\\p{N}]+(?:[-.][\\p{L}\\p{N}]+)*|\\.\\.\\.|--|\\S");

    /**
     * Treebanks (UD EWT, the Penn Treebank) keep an abbreviation's period: {@code Mr.}, {@code U.S.}, {@code e.g.}
     * are one token each. Initialisms (letter-period pairs) and a short list of titles and common
     * abbreviations are matched before the general rule, which would split off the period.
     */
    private static final String ABBREVIATION =
            "(?:\\p{L}\\.){2,}|(?:mr|mrs|ms|dr|prof|st|jr|sr|vs|etc|inc|corp|ltd|co|mt|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\\.(?!\\p{L})";

    private static final Pattern TOKEN_ANY_CASE =
            Pattern.compile(ABBREVIATION + "|" + TOKEN.pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private WordTokenizer() {}

    /**
     * The same split with the text's case and brackets kept, for taggers: capitalisation is evidence
     * (a proper noun), and treebanks such as UD write brackets as they are. Abbreviations keep their period
     * ({@code Mr.}, {@code U.S.}), as treebanks write them.
     */
    public static List<String> tokenizeKeepingCase(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN_ANY_CASE.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    public static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String t = m.group();
            out.add(
                    switch (t) {
                        case "(" -> "-lrb-";
                        case ")" -> "-rrb-";
                        default -> t;
                    });
        }
        return out;
    }
}
