package org.seqtasks.sentiment;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.TextFiles;
import org.seqtasks.data.WordTokenizer;

/**
 * Readers for the sentiment corpora. Each checks every line and stops at the first bad one with
 * {@code file:line: problem}; an encoding error names its line too (via {@link TextFiles}).
 */
public final class SentimentReaders {
    /** MR is Windows-1252 (e.g. byte 0xE9 = e-acute), not UTF-8. */
    public static final Charset MR_CHARSET = Charset.forName("windows-1252");

    private SentimentReaders() {}

    /** SST sentence splits ({@code stsa.binary.*}) and the embedded sample: {@code <0|1> <tokenized text>}. */
    public static List<LabelledSentence> labelFirst(Path file) {
        return labelFirst(TextFiles.readLines(file, StandardCharsets.UTF_8), file.toString());
    }

    static List<LabelledSentence> labelFirst(List<String> lines, String source) {
        List<LabelledSentence> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = source + ":" + (i + 1) + ": ";
            if (line.isEmpty()) {
                throw new UserFacingException(where + "empty line (expected '<0|1> <sentence>')");
            }
            int space = line.indexOf(' ');
            if (space < 0) {
                throw new UserFacingException(where
                        + (isLabel(line) ? "label without a sentence" : "missing label: expected '<0|1> <sentence>'"));
            }
            String label = line.substring(0, space);
            if (!isLabel(label)) {
                throw new UserFacingException(where + "label '" + abbreviate(label) + "' is not 0 or 1");
            }
            out.add(new LabelledSentence(WordTokenizer.tokenize(line.substring(space + 1)), label.charAt(0) - '0'));
        }
        return out;
    }

    /** GLUE SST-2 ({@code train.tsv[.gz]}, {@code dev.tsv}): a header {@code sentence<TAB>label}, then rows. */
    public static List<LabelledSentence> glueTsv(Path file) {
        List<String> lines = TextFiles.readLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().equals("sentence\tlabel")) {
            throw new UserFacingException(file + ":1: expected the header 'sentence<TAB>label'");
        }
        List<LabelledSentence> out = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String where = file + ":" + (i + 1) + ": ";
            String line = lines.get(i);
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                throw new UserFacingException(where + "missing label: expected '<sentence><TAB><0|1>'");
            }
            String label = line.substring(tab + 1).strip();
            if (!isLabel(label)) {
                throw new UserFacingException(where + "label '" + abbreviate(label) + "' is not 0 or 1");
            }
            List<String> tokens = WordTokenizer.tokenize(line.substring(0, tab));
            if (tokens.isEmpty()) {
                throw new UserFacingException(where + "empty sentence");
            }
            out.add(new LabelledSentence(tokens, label.charAt(0) - '0'));
        }
        return out;
    }

    /** MR: one snippet per line, the label given by the file; Windows-1252. */
    public static List<LabelledSentence> polarityFile(Path file, int label) {
        List<String> lines = TextFiles.readLines(file, MR_CHARSET);
        List<LabelledSentence> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            List<String> tokens = WordTokenizer.tokenize(lines.get(i));
            if (tokens.isEmpty()) {
                throw new UserFacingException(file + ":" + (i + 1) + ": empty line");
            }
            out.add(new LabelledSentence(tokens, label));
        }
        return out;
    }

    private static boolean isLabel(String s) {
        return s.equals("0") || s.equals("1");
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }
}
