package org.seqtasks.seq2seq;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.seqtasks.data.Vocabulary;

/**
 * The embedded default: dates as people write them ("the 3rd of march 2021", "3/14/21", "march 3, 2021")
 * paired with the ISO date ("2021-03-03"), character by character. The classic first attention exercise:
 * the output is short and fixed, but each output character must be found at a different place in inputs of
 * many shapes. Generated from a seed, so the task runs offline and a model's test split can be rebuilt.
 *
 * <p>Slashes are month first (US: 3/14/21), dots day first (European: 14.03.2021), so every source has one
 * reading. Years run 1950-2049, which also makes a two-digit year unambiguous (50-99 -> 19xx, 00-49 -> 20xx).
 */
public final class DateCorpus {
    public static final String NAME = "dates";
    public static final int DEFAULT_PAIRS = 5000;
    static final LocalDate FIRST = LocalDate.of(1950, 1, 1);
    static final LocalDate LAST = LocalDate.of(2049, 12, 31);

    /** A way of writing a date, with the name scores are broken down by. */
    record Format(String name, Function<LocalDate, String> render) {}

    static final List<Format> FORMATS = List.of(
            new Format(
                    "the dth of month yyyy",
                    d -> "the " + ordinal(d.getDayOfMonth()) + " of " + month(d) + " " + d.getYear()),
            new Format("m/d/yy", d -> d.getMonthValue() + "/" + d.getDayOfMonth() + "/" + twoDigits(d.getYear() % 100)),
            new Format("month d, yyyy", d -> month(d) + " " + d.getDayOfMonth() + ", " + d.getYear()),
            new Format("yyyy mon dd", d -> d.getYear() + " " + shortMonth(d) + " " + twoDigits(d.getDayOfMonth())),
            new Format("d month yyyy", d -> d.getDayOfMonth() + " " + month(d) + " " + d.getYear()),
            new Format("mon d yyyy", d -> shortMonth(d) + " " + d.getDayOfMonth() + " " + d.getYear()),
            new Format(
                    "dd.mm.yyyy",
                    d -> twoDigits(d.getDayOfMonth()) + "." + twoDigits(d.getMonthValue()) + "." + d.getYear()),
            new Format(
                    "weekday, month d, yyyy",
                    d -> d.getDayOfWeek()
                                    .getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                                    .toLowerCase(Locale.ROOT) + ", " + month(d) + " " + d.getDayOfMonth() + ", "
                            + d.getYear()),
            new Format(
                    "dth mon 'yy",
                    d -> ordinal(d.getDayOfMonth()) + " " + shortMonth(d) + " '" + twoDigits(d.getYear() % 100)));

    private DateCorpus() {}

    /**
     * {@code count} pairs with distinct sources, each a uniformly drawn date in a uniformly drawn format, in
     * the order drawn, cut 80/10/10 into train/dev/test (so no source string is in two splits).
     */
    public static Seq2SeqData generate(long seed, int count) {
        long days = LAST.toEpochDay() - FIRST.toEpochDay() + 1;
        if (count < 1 || count > days) {
            throw new IllegalArgumentException("date pairs must be 1.." + days + ", got " + count);
        }
        Random random = new Random(seed);
        Set<String> seen = new HashSet<>();
        List<TranslationPair> pairs = new ArrayList<>(count);
        while (pairs.size() < count) {
            LocalDate date = LocalDate.ofEpochDay(FIRST.toEpochDay() + (long) (random.nextDouble() * days));
            Format format = FORMATS.get(random.nextInt(FORMATS.size()));
            String source = format.render().apply(date);
            if (seen.add(source)) {
                pairs.add(pair(source, date.toString(), format.name()));
            }
        }
        return Seq2SeqData.cut(NAME, true, pairs);
    }

    static TranslationPair pair(String source, String target, String kind) {
        return new TranslationPair(Vocabulary.characters(source), Vocabulary.characters(target), kind);
    }

    static String ordinal(int day) {
        String suffix = day / 10 == 1
                ? "th"
                : switch (day % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return day + suffix;
    }

    private static String month(LocalDate d) {
        return d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
    }

    private static String shortMonth(LocalDate d) {
        return month(d).substring(0, 3);
    }

    private static String twoDigits(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
