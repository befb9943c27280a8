package org.seqtasks.seq2seq;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.TextFiles;

/**
 * Tatoeba French -> English ({@code fra.txt}: {@code English<TAB>French} per line), normalised and filtered
 * exactly as the PyTorch tutorial "Translation with a Sequence to Sequence Network and Attention" (and the
 * project's PyTorch peer) does, so the two are trained on the same 11,822 pairs.
 */
public final class TatoebaPairs {
    public static final String NAME = "tatoeba-fra-eng";
    public static final String FILE = "fra.txt.gz";
    /** The seed of the 80/10/10 split, the peer's default. */
    public static final long SPLIT_SEED = 12345;
    /** Both sides must have fewer words than this. */
    static final int MAX_WORDS = 10;
    /** The tutorial's English prefixes, spaces included where it has them ("he is" also admits "he isn t"). */
    static final List<String> PREFIXES = List.of(
            "i am ",
            "i m ",
            "he is",
            "he s ",
            "she is",
            "she s ",
            "you are",
            "you re ",
            "we are",
            "we re ",
            "they are",
            "they re ");

    private static final Pattern SENTENCE_END = Pattern.compile("([.!?])");
    private static final Pattern NOT_KEPT = Pattern.compile("[^a-zA-Z!?]+");

    private TatoebaPairs() {}

    /**
     * The tutorial's normalisation: lower case, accents stripped (NFD, combining marks dropped), a space
     * before each of {@code .!?}, every run of other characters (digits, apostrophes, the full stop too: the
     * tutorial's second pattern keeps only letters, ! and ?) turned into one space, trimmed.
     */
    static String normalise(String s) {
        String decomposed = Normalizer.normalize(s.toLowerCase(Locale.ROOT).strip(), Normalizer.Form.NFD);
        StringBuilder kept = new StringBuilder(decomposed.length());
        decomposed
                .codePoints()
                .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
                .forEach(kept::appendCodePoint);
        return NOT_KEPT.matcher(SENTENCE_END.matcher(kept).replaceAll(" $1"))
                .replaceAll(" ")
                .strip();
    }

    /** The filtered pairs of {@code file} in file order, French as the source, English as the target. */
    public static List<TranslationPair> read(Path file) {
        List<String> lines = TextFiles.readLines(file, StandardCharsets.UTF_8);
        List<TranslationPair> pairs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new UserFacingException(file + ":" + (i + 1) + ": expected 'English<TAB>French', found no tab");
            }
            String english = normalise(line.substring(0, tab));
            // the peer splits on every tab and reads the first two columns; later columns (attribution) are ignored
            int end = line.indexOf('\t', tab + 1);
            String french = normalise(line.substring(tab + 1, end < 0 ? line.length() : end));
            List<String> eng = words(english);
            List<String> fra = words(french);
            if (eng.size() < MAX_WORDS
                    && fra.size() < MAX_WORDS
                    && PREFIXES.stream().anyMatch(english::startsWith)) {
                pairs.add(new TranslationPair(fra, eng, null));
            }
        }
        if (pairs.isEmpty()) {
            throw new UserFacingException(file + ": no pair passed the filter (is it fra.txt, English<TAB>French?)");
        }
        return pairs;
    }

    /**
     * The pairs shuffled with {@code seed} as Python's {@code random.Random(seed).shuffle} does (so the split is
     * the peer's own), then cut 80/10/10; {@code name} names the dataset in records.
     */
    public static Seq2SeqData split(String name, List<TranslationPair> pairs, long seed) {
        List<TranslationPair> order = new ArrayList<>(pairs);
        PythonShuffle.shuffle(order, seed);
        return Seq2SeqData.cut(name, false, order);
    }

    private static List<String> words(String normalised) {
        return normalised.isEmpty() ? List.of() : Arrays.asList(normalised.split(" +"));
    }
}
