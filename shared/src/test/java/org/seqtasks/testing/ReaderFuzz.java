package org.seqtasks.testing;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seqtasks.UserFacingException;

/**
 * Seeded fuzzing of a file reader (issue 20): a well-formed file is damaged the ways files are damaged in practice
 * (cut short, bytes changed, a byte-order mark, CRLF, blank lines, a huge line, NaN/Inf for a number, lines lost or
 * doubled, tabs turned into spaces, control characters, invalid UTF-8, noise, nothing at all), one to three damages at a
 * time. The reader must then return a value or throw the project's one-line {@link UserFacingException} naming the file;
 * any other exception or error is a breach, and the whole run must finish in {@link #TIME_LIMIT} (a hang fails it).
 */
public final class ReaderFuzz {
    /** The same seed everywhere: a breach found once is found again. */
    public static final long SEED = 20261201L;
    /** Generous for a few hundred reads of small files on a shared 2-core machine: only a hang exceeds it. */
    public static final Duration TIME_LIMIT = Duration.ofSeconds(60);
    /** Long enough to find quadratic work per line; short enough to keep a run in seconds. */
    private static final int HUGE_LINE = 100_000;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** NUL, SOH, VT, FF, ESC, DEL and a lone CR. */
    private static final byte[] CONTROL = {0, 1, 0x0B, 0x0C, 0x1B, 0x7F, '\r'};
    /** A lead byte without its continuation, 0xFF, a stray continuation byte, a surrogate's lead byte. */
    private static final byte[] NOT_UTF8 = {(byte) 0xC3, (byte) 0xFF, (byte) 0x80, (byte) 0xED};

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final String[] BAD_NUMBERS = {
        "NaN", "Infinity", "-Infinity", "inf", "1e400", "-1e-400", "0x1p3", "1,5", "--1", "1.2.3", "\u0661", "", " "
    };

    /** What the reader under test does with a file; it may return anything. */
    @FunctionalInterface
    public interface Reader {
        Object read(Path file) throws Exception;
    }

    private ReaderFuzz() {}

    /**
     * Runs {@code reader} on {@code tries} damaged copies of {@code good} written as {@code dir/<i>-name}, and fails
     * listing every breach of the contract. Returns how many reads ended in the one-line error (the rest read a value),
     * so a caller can check that the damage was not all harmless.
     */
    public static int assertOnlyOneLineErrors(Path dir, String name, byte[] good, int tries, Reader reader) {
        return assertTimeoutPreemptively(
                TIME_LIMIT,
                () -> {
                    Random random = new Random(SEED ^ name.hashCode());
                    List<String> breaches = new ArrayList<>();
                    int refused = 0;
                    for (int i = 0; i < tries; i++) {
                        Path file = dir.resolve(i + "-" + name);
                        byte[] bad = damage(good, random);
                        Files.write(file, bad);
                        try {
                            reader.read(file);
                        } catch (UserFacingException e) {
                            refused++;
                            String m = String.valueOf(e.getMessage());
                            if (!m.contains(file.getFileName().toString()) || m.contains("\n") || m.contains("\r")) {
                                breaches.add(file.getFileName() + ": not one line naming the file: " + abbreviate(m));
                            }
                        } catch (Throwable e) {
                            breaches.add(file.getFileName() + " (" + describe(bad) + "): " + abbreviate(e.toString()));
                        }
                    }
                    assertTrue(
                            breaches.isEmpty(),
                            breaches.size() + " of " + tries + " damaged copies of " + name + " broke the contract:\n"
                                    + String.join("\n", breaches));
                    System.out.printf(
                            "fuzz %s: %d damaged copies, %d refused in one line, %d read%n",
                            name, tries, refused, tries - refused);
                    return refused;
                },
                "reading " + tries + " damaged copies of " + name + " took longer than " + TIME_LIMIT + ": a hang?");
    }

    /** {@code good} with one to three damages. */
    public static byte[] damage(byte[] good, Random random) {
        byte[] b = good;
        int times = 1 + random.nextInt(3);
        for (int i = 0; i < times; i++) {
            b = damageOnce(b, random);
        }
        return b;
    }

    private static byte[] damageOnce(byte[] b, Random r) {
        switch (r.nextInt(15)) {
            case 0:
                return Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length)); // cut short
            case 1: {
                byte[] c = b.clone();
                for (int i = 0; c.length > 0 && i < 1 + r.nextInt(4); i++) {
                    c[r.nextInt(c.length)] = (byte) r.nextInt(256);
                }
                return c;
            }
            case 2: {
                byte[] noise = new byte[r.nextInt(300)];
                r.nextBytes(noise);
                return noise;
            }
            case 3:
                return concat(BOM, b);
            case 4:
                return text(b).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
            case 5:
                return editLines(b, r, (lines, i) -> lines.add(i, r.nextBoolean() ? "" : "   \t "));
            case 6:
                return editLines(b, r, (lines, i) -> lines.add(i, hugeLine(lines, r)));
            case 7:
                return badNumber(b, r);
            case 8:
                return editLines(b, r, (lines, i) -> {
                    if (!lines.isEmpty()) {
                        lines.remove(Math.min(i, lines.size() - 1));
                    }
                });
            case 9:
                return editLines(b, r, (lines, i) -> {
                    if (!lines.isEmpty()) {
                        lines.add(i, lines.get(Math.min(i, lines.size() - 1)));
                    }
                });
            case 10:
                return editLines(b, r, (lines, i) -> {
                    if (!lines.isEmpty()) {
                        int j = Math.min(i, lines.size() - 1);
                        String l = lines.get(j);
                        lines.set(j, l.contains("\t") ? l.replace('\t', ' ') : l.replace(' ', '\t'));
                    }
                });
            case 11: {
                byte[] c = b.clone();
                if (c.length > 0) {
                    c[r.nextInt(c.length)] = CONTROL[r.nextInt(CONTROL.length)];
                }
                return c;
            }
            case 12: {
                int at = b.length == 0 ? 0 : r.nextInt(b.length);
                byte[] invalid = {NOT_UTF8[r.nextInt(NOT_UTF8.length)]};
                return concat(Arrays.copyOf(b, at), invalid, Arrays.copyOfRange(b, at, b.length));
            }
            case 13:
                return new byte[0];
            default:
                return text(b).stripTrailing().getBytes(StandardCharsets.UTF_8); // no final newline
        }
    }

    private static String hugeLine(List<String> lines, Random r) {
        String unit = lines.isEmpty() || r.nextBoolean() ? "x" : lines.get(r.nextInt(lines.size())) + " ";
        StringBuilder s = new StringBuilder(HUGE_LINE + unit.length());
        while (s.length() < HUGE_LINE) {
            s.append(unit.isEmpty() ? "x" : unit);
        }
        return s.toString();
    }

    private static byte[] badNumber(byte[] b, Random r) {
        String t = text(b);
        Matcher m = NUMBER.matcher(t);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return b;
        }
        int[] s = spans.get(r.nextInt(spans.size()));
        return (t.substring(0, s[0]) + BAD_NUMBERS[r.nextInt(BAD_NUMBERS.length)] + t.substring(s[1]))
                .getBytes(StandardCharsets.UTF_8);
    }

    private interface LineEdit {
        void apply(List<String> lines, int at);
    }

    private static byte[] editLines(byte[] b, Random r, LineEdit edit) {
        List<String> lines = new ArrayList<>(Arrays.asList(text(b).split("\n", -1)));
        edit.apply(lines, r.nextInt(lines.size() + 1));
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes as text for line edits; undecodable bytes become U+FFFD, which is damage too. */
    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String describe(byte[] bad) {
        String head = new String(bad, 0, Math.min(bad.length, 60), StandardCharsets.UTF_8)
                .replace("\n", "\\n")
                .replace("\r", "\\r")
                .replace("\t", "\\t");
        return bad.length + " bytes, starting '" + head + "'";
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** A classpath resource's bytes (a task's embedded sample, the well-formed file to damage). */
    public static byte[] resource(String name) {
        try (var in = ReaderFuzz.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
