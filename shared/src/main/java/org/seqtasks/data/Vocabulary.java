package org.seqtasks.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.seqtasks.UserFacingException;

/**
 * A fixed mapping between tokens (characters or words) and the integer ids a network sees.
 *
 * <p>Built on the training split only, so that evaluation measures how the model copes with what it has
 * never seen: anything outside the vocabulary maps to {@link #UNK} when the vocabulary has it, and is an
 * error otherwise. Ids are stable for a given training set: special tokens first, in the order given,
 * then tokens by descending frequency, ties broken by the token's string order. The vocabulary is saved
 * inside every model file, because a network is meaningless without the ids it was trained on.
 */
public final class Vocabulary {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final int unkId;

    public Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate token in vocabulary: " + printable(tokens.get(i)));
            }
        }
        this.unkId = ids.getOrDefault(UNK, -1);
    }

    /**
     * Counts {@code tokens} and keeps those seen at least {@code minFrequency} times, after the
     * {@code specials} (e.g. {@link #PAD}, {@link #UNK}).
     */
    public static Vocabulary build(Iterable<String> tokens, int minFrequency, List<String> specials) {
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be >= 1, got " + minFrequency);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : tokens) {
            counts.merge(t, 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (var e : counts.entrySet()) {
            if (e.getValue() >= minFrequency && !specials.contains(e.getKey())) {
                kept.add(e);
            }
        }
        kept.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> all = new ArrayList<>(specials);
        kept.forEach(e -> all.add(e.getKey()));
        return new Vocabulary(all);
    }

    /** A character vocabulary: every code point of {@code text}, plus {@link #UNK} for unseen ones. */
    public static Vocabulary ofCharacters(String text) {
        return build(characters(text), 1, List.of(UNK));
    }

    /** The code points of {@code text}, each as a one-character string (surrogate pairs kept whole). */
    public static List<String> characters(String text) {
        return text.codePoints().mapToObj(Character::toString).toList();
    }

    public int size() {
        return tokens.size();
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The id of {@code token}; {@link #UNK}'s id for an unknown token, or an error if there is no UNK. */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id != null) {
            return id;
        }
        if (unkId < 0) {
            throw new UserFacingException(
                    "token " + printable(token) + " is not in the vocabulary (which has no " + UNK + ")");
        }
        return unkId;
    }

    public String token(int id) {
        return tokens.get(id);
    }

    public boolean hasUnknown() {
        return unkId >= 0;
    }

    public int unknownId() {
        return unkId;
    }

    public int[] encode(List<String> sequence) {
        int[] out = new int[sequence.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(sequence.get(i));
        }
        return out;
    }

    /** Encodes a text character by character (code points). */
    public int[] encodeCharacters(String text) {
        return text.codePoints().map(cp -> id(Character.toString(cp))).toArray();
    }

    public List<String> decode(int[] sequence) {
        List<String> out = new ArrayList<>(sequence.length);
        for (int id : sequence) {
            out.add(token(id));
        }
        return out;
    }

    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    public String toJson() {
        return Json.write(Map.of("tokens", tokens));
    }

    public static Vocabulary fromJson(String json) {
        Stored stored = Json.read(json, Stored.class);
        if (stored.tokens() == null) {
            throw new UserFacingException("vocabulary JSON has no \"tokens\" list");
        }
        return new Vocabulary(stored.tokens());
    }

    private record Stored(List<String> tokens) {}

    /** A token as a reader can see it: control characters escaped. */
    public static String printable(String token) {
        StringBuilder sb = new StringBuilder("'");
        for (char c : token.toCharArray()) {
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c < 32 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('\'').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tokens);
    }

    @Override
    public String toString() {
        return "Vocabulary(" + tokens.size() + " tokens)";
    }
}
