package org.seqtasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TatoebaPairsTest {
    @TempDir
    Path dir;

    @Test
    void normalisesAsTheTutorialDoes() {
        assertEquals("je suis desole !", TatoebaPairs.normalise("Je suis désolé !"));
        assertEquals("i m ok", TatoebaPairs.normalise("I'm OK.")); // the full stop goes too (only letters, ! and ?)
        assertEquals("c est l ete ?", TatoebaPairs.normalise("C'est l'été?"));
        assertEquals("he s years old", TatoebaPairs.normalise("  He's 30 years old.  "));
        assertEquals("ca va", TatoebaPairs.normalise("Ça va…"));
    }

    @Test
    void keepsShortPairsWhoseEnglishStartsWithAPrefix() throws Exception {
        Path file = Files.writeString(
                dir.resolve("fra.txt"),
                String.join(
                                "\n",
                                "I'm OK.\tÇa va.",
                                "Go.\tVa !", // no prefix
                                "He is the man who lives here with his big family.\tC'est lui.", // English has 11 words
                                "She is happy.\tElle est heureuse.",
                                "Heat it up.\tChauffe-le.", // "he" without "he is"
                                "You're late.\tTu es en retard.\tattribution column")
                        + "\n");
        List<TranslationPair> pairs = TatoebaPairs.read(file);
        assertEquals(
                List.of("ca va|i m ok", "elle est heureuse|she is happy", "tu es en retard|you re late"),
                pairs.stream()
                        .map(p -> String.join(" ", p.source()) + "|" + String.join(" ", p.target()))
                        .toList());
    }

    @Test
    void theShuffleIsPythonsRandomShuffle() {
        PythonShuffle random = new PythonShuffle(12345);
        // Python 3.11: random.Random(12345).getrandbits(32) three times
        assertEquals(
                List.of(1789368711L, 3146859322L, 43676229L),
                List.of(random.next32(), random.next32(), random.next32()));
        List<Integer> ten = new ArrayList<>(IntStream.range(0, 10).boxed().toList());
        PythonShuffle.shuffle(ten, 12345);
        assertEquals(List.of(8, 7, 3, 5, 1, 2, 9, 4, 0, 6), ten, "random.Random(12345).shuffle(list(range(10)))");
        List<Integer> all = new ArrayList<>(IntStream.range(0, 11822).boxed().toList());
        PythonShuffle.shuffle(all, 12345);
        assertEquals(List.of(258, 5897, 6893, 9540, 316), all.subList(0, 5));
        assertEquals(List.of(7461, 7764, 1599), all.subList(9459, 9462));
    }

    @Test
    void theMirrorsFileGivesTheTutorialsPairsAndThePeersSplit() throws Exception {
        String env = System.getenv("SEQTASKS_DATA");
        Assumptions.assumeTrue(
                env != null && !env.isBlank(), "SEQTASKS_DATA is unset: skipping the Tatoeba fra-eng reader check");
        Path file = Path.of(env, "tatoeba-fra-eng", TatoebaPairs.FILE);
        Assumptions.assumeTrue(
                Files.isRegularFile(file), file + " is missing: skipping the Tatoeba fra-eng reader check");
        List<TranslationPair> pairs = TatoebaPairs.read(file);
        assertEquals(11_822, pairs.size());
        StringBuilder joined = new StringBuilder();
        for (TranslationPair p : pairs) {
            joined.append(joined.length() == 0 ? "" : "\n")
                    .append(String.join(" ", p.source()))
                    .append('\t')
                    .append(String.join(" ", p.target()));
        }
        // sha256 of the same join over the peer's load_pairs (seq2seq_ref.py): every pair normalised identically
        String digest = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(joined.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals("14d86af0ce1f00721939c17520f4813026badcee36bdd9937812d851b150291f", digest);
        Seq2SeqData data = TatoebaPairs.split(TatoebaPairs.NAME, pairs, TatoebaPairs.SPLIT_SEED);
        assertEquals(
                List.of(9457, 1182, 1183),
                List.of(data.train().size(), data.dev().size(), data.test().size()));
        assertEquals(pairs.get(258), data.train().get(0), "the peer's first training pair (shuffled index 258)");
    }
}
