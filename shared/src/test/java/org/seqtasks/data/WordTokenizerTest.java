package org.seqtasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordTokenizerTest {
    @Test
    void rawTextIsSplitTheWaySstIs() {
        assertEquals(
                List.of("a", "gripping", ",", "beautifully", "acted", "film", "!"),
                WordTokenizer.tokenize("A gripping, beautifully acted film!"));
        assertEquals(
                List.of(
                        "it", "does", "n't", "work", ";", "the", "film", "'s", "plot", "-lrb-", "sort", "of", "-rrb-",
                        "..."),
                WordTokenizer.tokenize("It doesn't work; the film's plot (sort of)..."));
        assertEquals(
                List.of("a", "mid-90s", "b-movie", "at", "1.5", "hours"),
                WordTokenizer.tokenize("a mid-90s B-movie at 1.5 hours"));
    }

    @Test
    void alreadyTokenizedCorpusTextPassesThroughUnchanged() {
        String sst = "the movie is n't -lrb- quite -rrb- as good as it 's hyped , but it 's fun .";
        assertEquals(List.of(sst.split(" ")), WordTokenizer.tokenize(sst));
    }

    @Test
    void taggersKeepCaseAndBrackets() {
        assertEquals(
                List.of("I", "ca", "n't", "see", "Smith", "(", "again", ")", "--", "It", "'s", "3.5", "%"),
                WordTokenizer.tokenizeKeepingCase("I can't see Smith (again) -- It's 3.5%"));
        assertEquals(List.of("DO", "N'T", "Stop"), WordTokenizer.tokenizeKeepingCase("DON'T Stop"));
    }

    /** As UD EWT writes them: an abbreviation keeps its period, a sentence's last period stands alone. */
    @Test
    void taggersKeepAbbreviationsWhole() {
        assertEquals(
                List.of(
                        "Mr.", "Smith", "moved", "to", "the", "U.S.", "in", "Jan.", "2004", ",", "e.g.", "for", "work",
                        "."),
                WordTokenizer.tokenizeKeepingCase("Mr. Smith moved to the U.S. in Jan. 2004, e.g. for work."));
        assertEquals(List.of("I", "said", "no", ".", "Amr", "."), WordTokenizer.tokenizeKeepingCase("I said no. Amr."));
        assertEquals(
                List.of("mr", ".", "smith"),
                WordTokenizer.tokenize("mr . smith"),
                "the corpora's own split is unchanged");
    }
}
