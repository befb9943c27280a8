package org.seqtasks.postag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.TextFiles;
import org.seqtasks.postag.ConlluReader.Tagset;

/** {@code --input} without {@code --dev}, and files too small to train on. */
class PosTagDataTest {
    @TempDir
    Path dir;

    private static String sentences(int n) {
        String all = TextFiles.readResource(PosTagData.SAMPLE + "train.conllu", StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        String[] blocks = all.split("\n\n");
        for (int i = 0; i < n; i++) {
            out.append(blocks[i].strip()).append("\n\n");
        }
        return out.toString();
    }

    @Test
    void inputWithoutDevHoldsOutASeededTenthInsteadOfValidatingOnTheTrainingSet() throws Exception {
        Path file = dir.resolve("mine.conllu");
        Files.writeString(file, sentences(40));
        PosTagData data = PosTagData.load(null, file, null, null, Tagset.UPOS);
        assertEquals(4, data.dev().size());
        assertEquals(36, data.train().size());
        Set<String> train = new HashSet<>();
        data.train().forEach(s -> train.add(String.join(" ", s.words())));
        assertTrue(
                data.dev().stream().noneMatch(s -> train.contains(String.join(" ", s.words()))),
                "dev sentences are not trained on");
        PosTagData again = PosTagData.load(null, file, null, null, Tagset.UPOS);
        assertEquals(data.dev().get(0).words(), again.dev().get(0).words(), "seeded: the same split every time");
    }

    @Test
    void filesTooSmallAreOneLineNamingTheFileAndTheCount() throws Exception {
        Path one = dir.resolve("one.conllu");
        Files.writeString(one, sentences(1));
        UserFacingException e =
                assertThrows(UserFacingException.class, () -> PosTagData.load(null, one, null, null, Tagset.UPOS));
        assertTrue(e.getMessage().startsWith(one + ": the train split has 1 sentences"), e.getMessage());
        Path empty = dir.resolve("empty.conllu");
        Files.writeString(empty, "");
        Path train = dir.resolve("train.conllu");
        Files.writeString(train, sentences(5));
        e = assertThrows(UserFacingException.class, () -> PosTagData.load(null, train, empty, null, Tagset.UPOS));
        assertEquals(empty + ": no sentences (is it CoNLL-U?)", e.getMessage(), "the reader's own line");
    }
}
