package org.seqtasks.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Properties of each character of a text that a language model's hidden units might track, one value
 * per character, for {@link UnitCorrelations}: whether it is inside quotes or brackets, how far into its
 * line it is, whether it starts a line, whether it belongs to a speaker's name line (a play's "KEEPER:").
 */
public final class TextProperties {
    private TextProperties() {}

    public static Map<String, double[]> of(String text) {
        int n = text.length();
        double[] quotes = new double[n];
        double[] brackets = new double[n];
        double[] position = new double[n];
        double[] lineStart = new double[n];
        double[] speaker = new double[n];
        double[] word = new double[n];
        boolean inQuote = false;
        int depth = 0;
        int column = 0;
        int lineBegin = 0;
        boolean speakerLine = isSpeakerLine(text, 0);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            // The opening quote and bracket count as inside: the unit has seen them when it reads them.
            if (c == '"') {
                inQuote = !inQuote;
            }
            if (c == '(' || c == '[') {
                depth++;
            }
            quotes[i] = inQuote || c == '"' ? 1 : 0;
            brackets[i] = depth > 0 ? 1 : 0;
            if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            }
            position[i] = column;
            lineStart[i] = column == 0 ? 1 : 0;
            speaker[i] = speakerLine ? 1 : 0;
            word[i] = Character.isLetter(c) ? 1 : 0;
            column++;
            if (c == '\n') {
                column = 0;
                lineBegin = i + 1;
                speakerLine = isSpeakerLine(text, lineBegin);
                // Quotes in a play do not run across lines; a stray one must not flip the rest of the text.
                inQuote = false;
            }
        }
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("inside quotes", quotes);
        m.put("inside brackets", brackets);
        m.put("position in line", position);
        m.put("first character of a line", lineStart);
        m.put("speaker-name line", speaker);
        m.put("inside a word", word);
        return m;
    }

    /** A line of capitals ending in a colon, as a play names its speaker. */
    static boolean isSpeakerLine(String text, int from) {
        int end = text.indexOf('\n', from);
        String line = (end < 0 ? text.substring(from) : text.substring(from, end)).strip();
        return line.length() > 1
                && line.endsWith(":")
                && line.chars().filter(Character::isLetter).allMatch(Character::isUpperCase)
                && line.chars().anyMatch(Character::isLetter);
    }
}
