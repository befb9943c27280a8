package org.seqtasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqtasks.UserFacingException;

class VocabularyTest {
    @Test
    void specialsFirstThenByFrequencyThenAlphabetically() {
        Vocabulary v = Vocabulary.build(
                List.of("b", "a", "c", "a", "b", "a", "d"), 1, List.of(Vocabulary.PAD, Vocabulary.UNK));
        assertEquals(List.of("<pad>", "<unk>", "a", "b", "c", "d"), v.tokens());
    }

    @Test
    void minimumFrequencyDropsRareTokensToUnknown() {
        Vocabulary v = Vocabulary.build(List.of("the", "the", "cat", "the", "sat", "sat"), 2, List.of(Vocabulary.UNK));
        assertEquals(List.of("<unk>", "the", "sat"), v.tokens());
        assertEquals(v.unknownId(), v.id("cat"));
        assertArrayEquals(new int[] {1, 0, 2}, v.encode(List.of("the", "cat", "sat")));
    }

    @Test
    void unknownCharacterMapsToUnkAndRoundTripsThroughJson() {
        Vocabulary v = Vocabulary.ofCharacters("hello\nworld");
        assertTrue(v.contains("\n"));
        assertFalse(v.contains("z"));
        int[] ids = v.encodeCharacters("hez");
        assertEquals(v.unknownId(), ids[2]);
        assertEquals(List.of("h", "e", Vocabulary.UNK), v.decode(ids));
        Vocabulary back = Vocabulary.fromJson(v.toJson());
        assertEquals(v, back);
        assertArrayEquals(ids, back.encodeCharacters("hez"));
    }

    @Test
    void supplementaryCharactersStayWhole() {
        Vocabulary v = Vocabulary.ofCharacters("a\uD83D\uDE00b"); // an emoji is one code point, two Java chars
        assertEquals(4, v.size()); // <unk>, a, emoji, b
        assertEquals(3, v.encodeCharacters("a\uD83D\uDE00b").length);
    }

    @Test
    void withoutUnkAnUnknownTokenIsAnError() {
        Vocabulary v = new Vocabulary(List.of("x", "y"));
        UserFacingException e = assertThrows(UserFacingException.class, () -> v.id("z"));
        assertTrue(e.getMessage().contains("'z'"), e.getMessage());
    }

    @Test
    void duplicateTokensAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Vocabulary(List.of("a", "a")));
    }
}
