package org.seqtasks.postag;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.data.WordVectors;

/**
 * What a tagger is told about each word: the word itself and what its spelling says. A word seen a few
 * times in training gets a useful embedding of its own; an unseen one ("unfriended", "Kowalski",
 * "1,250") still has prefixes, suffixes and a shape the model has seen many times: {@code -ed} and
 * {@code -ly} mark verbs and adverbs, a capital mid-sentence a proper noun, digits a number. Each channel
 * has its own vocabulary, built on the training words only, and its own embedding in the network.
 */
public final class WordFeatures {
    /** One id per word per channel. */
    public enum Channel {
        /** The lower-cased form with digits as 0: "Apple" and "apple" share what they share, "1999" is "0000". */
        WORD,
        PREFIX2,
        PREFIX3,
        SUFFIX1,
        SUFFIX2,
        SUFFIX3,
        SUFFIX4,
        /** Capitalisation, digits and punctuation, runs collapsed: "McDonald" -> "XxXx", "U.S." -> "X.X.", "3-4" -> "d-d". */
        SHAPE;

        /** This channel's value for a word form (as written in the text). */
        public String value(String form) {
            String w = normalise(form);
            return switch (this) {
                case WORD -> w;
                case PREFIX2 -> w.substring(0, Math.min(2, w.length())) + "-";
                case PREFIX3 -> w.substring(0, Math.min(3, w.length())) + "-";
                case SUFFIX1 -> "-" + w.substring(Math.max(0, w.length() - 1));
                case SUFFIX2 -> "-" + w.substring(Math.max(0, w.length() - 2));
                case SUFFIX3 -> "-" + w.substring(Math.max(0, w.length() - 3));
                case SUFFIX4 -> "-" + w.substring(Math.max(0, w.length() - 4));
                case SHAPE -> shape(form);
            };
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Affixes and shapes seen fewer times than this in training share {@code <unk>}, which therefore gets trained. */
    static final int MIN_FEATURE_FREQUENCY = 2;

    private final Map<Channel, Vocabulary> vocabularies;
    private final int trainWords; // the word vocabulary's first trainWords entries came from training

    WordFeatures(Map<Channel, Vocabulary> vocabularies, int trainWords) {
        this.vocabularies = new EnumMap<>(vocabularies);
        if (this.vocabularies.size() != Channel.values().length) {
            throw new IllegalArgumentException("a vocabulary per channel is needed, got " + vocabularies.keySet());
        }
        int words = this.vocabularies.get(Channel.WORD).size();
        this.trainWords = trainWords <= 0 ? words : Math.min(trainWords, words);
    }

    /**
     * These features with the word vocabulary extended by the pretrained file's frequent words. Those words
     * still count as out-of-vocabulary in the reports: training never saw them.
     */
    WordFeatures withPretrainedWords(WordVectors pretrained) {
        Map<Channel, Vocabulary> extended = new EnumMap<>(vocabularies);
        extended.put(Channel.WORD, pretrained.extend(vocabularies.get(Channel.WORD)));
        return new WordFeatures(extended, trainWords);
    }

    /** How many entries of the word vocabulary (its first) came from the training data. */
    int trainWords() {
        return trainWords;
    }

    /** Vocabularies from the training sentences: every word, and the affixes and shapes seen at least twice. */
    public static WordFeatures build(List<TaggedSentence> train) {
        Map<Channel, Vocabulary> vocabularies = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            List<String> values = new ArrayList<>();
            for (TaggedSentence s : train) {
                for (String w : s.words()) {
                    values.add(c.value(w));
                }
            }
            int minFrequency = c == Channel.WORD ? 1 : MIN_FEATURE_FREQUENCY;
            vocabularies.put(c, Vocabulary.build(values, minFrequency, List.of(Vocabulary.PAD, Vocabulary.UNK)));
        }
        return new WordFeatures(vocabularies, 0);
    }

    static String normalise(String form) {
        StringBuilder b = new StringBuilder(form.length());
        form.toLowerCase(Locale.ROOT).codePoints().forEach(cp -> b.appendCodePoint(Character.isDigit(cp) ? '0' : cp));
        return b.toString();
    }

    static String shape(String form) {
        StringBuilder b = new StringBuilder();
        int last = -1;
        for (int i = 0; i < form.length(); ) {
            int cp = form.codePointAt(i);
            i += Character.charCount(cp);
            int c = Character.isUpperCase(cp) ? 'X' : Character.isLetter(cp) ? 'x' : Character.isDigit(cp) ? 'd' : cp;
            if (c != last) {
                b.appendCodePoint(c);
                last = c;
            }
        }
        return b.length() > 6 ? b.substring(0, 6) : b.toString();
    }

    /** ids[c][t]: the id of word t in channel c. */
    public int[][] encode(List<String> words) {
        Channel[] channels = Channel.values();
        int[][] ids = new int[channels.length][words.size()];
        for (int c = 0; c < channels.length; c++) {
            Vocabulary v = vocabularies.get(channels[c]);
            for (int t = 0; t < words.size(); t++) {
                ids[c][t] = v.id(channels[c].value(words.get(t)));
            }
        }
        return ids;
    }

    /** Whether training saw this word (after lower-casing and digit folding): its accuracy is reported apart. */
    public boolean known(String form) {
        Vocabulary words = vocabularies.get(Channel.WORD);
        String value = Channel.WORD.value(form);
        return words.contains(value) && words.id(value) < trainWords;
    }

    public Vocabulary vocabulary(Channel channel) {
        return vocabularies.get(channel);
    }

    /** Entries for the model file: one vocabulary per channel. */
    Map<String, String> toEntries() {
        Map<String, String> entries = new LinkedHashMap<>();
        vocabularies.forEach((c, v) -> entries.put("features-" + c.id() + ".json", v.toJson()));
        return entries;
    }

    /** @param trainWords as {@link #trainWords()} when saved (0: every word came from training) */
    static WordFeatures fromEntries(Function<String, String> entry, int trainWords) {
        Map<Channel, Vocabulary> vocabularies = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            vocabularies.put(c, Vocabulary.fromJson(entry.apply("features-" + c.id() + ".json")));
        }
        return new WordFeatures(vocabularies, trainWords);
    }
}
