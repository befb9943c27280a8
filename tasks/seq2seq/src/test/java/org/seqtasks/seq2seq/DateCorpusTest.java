package org.seqtasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DateCorpusTest {
    static final Seq2SeqData DATA = DateCorpus.generate(42, 3000);

    static Stream<TranslationPair> all(Seq2SeqData d) {
        return Stream.of(d.train(), d.dev(), d.test()).flatMap(List::stream);
    }

    @Test
    void theSameSeedGivesTheSamePairsAndAnotherSeedOthers() {
        assertEquals(DATA, DateCorpus.generate(42, 3000));
        assertNotEquals(DATA.train(), DateCorpus.generate(43, 3000).train());
    }

    @Test
    void splitsAre80_10_10WithNoSourceInTwoSplits() {
        assertEquals(2400, DATA.train().size());
        assertEquals(300, DATA.dev().size());
        assertEquals(300, DATA.test().size());
        Set<List<String>> sources = new HashSet<>();
        all(DATA).forEach(p -> assertTrue(sources.add(p.source()), "duplicate source " + String.join("", p.source())));
        assertTrue(DATA.characters());
    }

    @Test
    void everyTargetIsTheIsoDateTheSourceWrites() {
        all(DATA).forEach(p -> {
            String target = String.join("", p.target());
            LocalDate date = LocalDate.parse(target); // throws unless an ISO yyyy-mm-dd date
            assertTrue(!date.isBefore(DateCorpus.FIRST) && !date.isAfter(DateCorpus.LAST), target);
            DateCorpus.Format format = DateCorpus.FORMATS.stream()
                    .filter(f -> f.name().equals(p.kind()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(
                    String.join("", p.source()), format.render().apply(date), "source re-rendered from the target");
        });
    }

    @Test
    void theFormatsReadAsPeopleWriteThem() {
        LocalDate march3 = LocalDate.of(2021, 3, 3);
        Set<String> written =
                DateCorpus.FORMATS.stream().map(f -> f.render().apply(march3)).collect(Collectors.toSet());
        for (String expected : List.of(
                "the 3rd of march 2021",
                "3/3/21",
                "march 3, 2021",
                "2021 mar 03",
                "3 march 2021",
                "mar 3 2021",
                "03.03.2021",
                "wednesday, march 3, 2021",
                "3rd mar '21")) {
            assertTrue(written.contains(expected), expected + " not among " + written);
        }
        assertEquals("11th", DateCorpus.ordinal(11));
        assertEquals("12th", DateCorpus.ordinal(12));
        assertEquals("22nd", DateCorpus.ordinal(22));
        assertEquals("31st", DateCorpus.ordinal(31));
        // slashes are month first: 14 can only be the day
        assertTrue(DateCorpus.FORMATS
                .get(1)
                .render()
                .apply(LocalDate.of(1999, 12, 14))
                .equals("12/14/99"));
    }

    @Test
    void everyFormatAppearsInEverySplit() {
        for (List<TranslationPair> split : List.of(DATA.train(), DATA.dev(), DATA.test())) {
            Set<String> kinds = split.stream().map(TranslationPair::kind).collect(Collectors.toSet());
            assertEquals(DateCorpus.FORMATS.size(), kinds.size(), "formats in a split: " + kinds);
        }
    }
}
