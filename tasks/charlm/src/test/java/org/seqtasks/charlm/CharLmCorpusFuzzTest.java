package org.seqtasks.charlm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.testing.ReaderFuzz;

/** {@code charlm train --input FILE} on damaged text: a corpus with its split and vocabulary, or one line naming the file. */
class CharLmCorpusFuzzTest {
    private static final int TRIES = 300;

    @TempDir
    Path dir;

    @Test
    void damagedTextIsACorpusOrAOneLineError() {
        byte[] play = Arrays.copyOf(ReaderFuzz.resource(CharLmCorpus.DEFAULT_RESOURCE), 3000);
        int refused = ReaderFuzz.assertOnlyOneLineErrors(dir, "play.txt", play, TRIES, file -> {
            CharLmCorpus corpus = CharLmCorpus.load(null, file, null);
            Vocabulary vocabulary = Vocabulary.ofCharacters(corpus.train());
            return vocabulary.encodeCharacters(corpus.validation()).length;
        });
        assertTrue(refused > 0, "some damage (invalid UTF-8, an empty file) must be refused");
    }
}
