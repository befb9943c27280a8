package org.seqtasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.testing.ReaderFuzz;

/** Tatoeba pairs ({@code fra.txt}), damaged: filtered pairs, or one line naming the file. */
class TatoebaPairsFuzzTest {
    private static final int TRIES = 300;
    private static final String PAIRS = """
            Go.\tVa !
            I am cold.\tJ'ai froid.
            I'm tired.\tJe suis fatigué.
            He is tall.\tIl est grand.
            She's 25 years old.\tElle a 25 ans.
            You are late!\tTu es en retard !
            We're students.\tNous sommes étudiants.
            They are here.\tIls sont là.\tCC-BY 2.0 (France) Attribution: tatoeba.org
            I am not afraid of dying, said the very old man with a smile.\tJe n'ai pas peur de mourir.
            """;

    @TempDir
    Path dir;

    @Test
    void damagedPairFilesArePairsOrAOneLineError() {
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(
                        dir, "fra.txt", PAIRS.getBytes(StandardCharsets.UTF_8), TRIES, TatoebaPairs::read)
                > 0);
    }
}
