package org.seqtasks.postag;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.UsageException;
import org.seqtasks.data.TextFiles;

/**
 * Reads tagged sentences from CoNLL-U (Universal Dependencies): {@code #} comment lines are skipped, a
 * blank line ends a sentence, and a word line has 10 tab-separated columns
 * {@code ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC}. Only syntactic words are kept: multiword
 * token ranges ({@code 3-4}, the surface form "don't" above its words "do" "n't") and empty nodes
 * ({@code 8.1}) are skipped, as every UD tagging evaluation does. A malformed line stops the read with
 * {@code file:line: reason}.
 */
public final class ConlluReader {
    /** Which tag column to read. */
    public enum Tagset {
        UPOS(3),
        XPOS(4);

        final int column;

        Tagset(int column) {
            this.column = column;
        }

        public static Tagset parse(String s) {
            for (Tagset t : values()) {
                if (t.name().equalsIgnoreCase(s)) {
                    return t;
                }
            }
            throw new UsageException("--tagset", "unknown tagset '" + s + "' (expected upos or xpos)");
        }
    }

    private ConlluReader() {}

    /** Reads a file (gzip'd when its name ends in .gz). */
    public static List<TaggedSentence> read(Path file, Tagset tagset) {
        return read(TextFiles.readLines(file, StandardCharsets.UTF_8), file.toString(), tagset);
    }

    /** Reads lines of CoNLL-U; {@code source} names them in errors. */
    public static List<TaggedSentence> read(List<String> lines, String source, Tagset tagset) {
        List<TaggedSentence> sentences = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        List<Integer> wordLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNumber = i + 1;
            if (line.isBlank()) {
                flush(sentences, words, tags, wordLines, source);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols.length != 10) {
                throw error(source, lineNumber, "expected 10 tab-separated columns, found " + cols.length);
            }
            String id = cols[0];
            if (id.matches("\\d+-\\d+") || id.matches("\\d+\\.\\d+")) {
                continue; // a multiword token's surface form, or an empty node: not a syntactic word
            }
            if (!id.matches("\\d+")) {
                throw error(
                        source,
                        lineNumber,
                        "word id '" + id + "' is not an integer, a range (3-4) or an empty node (8.1)");
            }
            if (Integer.parseInt(id) != words.size() + 1) {
                throw error(
                        source, lineNumber, "word id " + id + " out of order (expected " + (words.size() + 1) + ")");
            }
            String form = cols[1];
            String tag = cols[tagset.column];
            if (form.isEmpty()) {
                throw error(source, lineNumber, "empty FORM column");
            }
            if (tag.isEmpty() || tag.equals("_")) {
                throw error(
                        source,
                        lineNumber,
                        "no " + tagset + " tag (column " + (tagset.column + 1) + " is '" + tag + "')");
            }
            words.add(form);
            tags.add(tag);
            wordLines.add(lineNumber);
        }
        flush(sentences, words, tags, wordLines, source);
        if (sentences.isEmpty()) {
            throw new UserFacingException(source + ": no sentences (is it CoNLL-U?)");
        }
        return sentences;
    }

    private static void flush(
            List<TaggedSentence> into, List<String> words, List<String> tags, List<Integer> lines, String source) {
        if (!words.isEmpty()) {
            into.add(new TaggedSentence(
                    words,
                    tags,
                    source,
                    lines.stream().mapToInt(Integer::intValue).toArray()));
            words.clear();
            tags.clear();
            lines.clear();
        }
    }

    private static UserFacingException error(String source, int line, String reason) {
        return new UserFacingException(source + ":" + line + ": " + reason);
    }
}
