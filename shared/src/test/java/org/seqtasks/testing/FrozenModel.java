package org.seqtasks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * A model saved once and kept under a task's {@code src/test/resources/frozen/NAME/} with the outputs it gave then (issue 15
 * item 6, as Tribuo pins its old models): every later build must still load it and get the same outputs, so a change
 * to a model file's entries, a recipe record ({@code RnnConfig}, a task's {@code Spec}), the vocabulary format or the
 * layers' arithmetic is noticed rather than shipped. Users' models on disk rely on exactly this.
 *
 * <p>Refreezing replaces both files and must be a decision (a deliberate break of old models, said in the commit):
 * {@code mvn -B -o -q -pl tasks/TASK -am test -Dtest=TASKFrozenModelTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dseqtasks.refreeze=true}, run from the repository root; each test's {@code freeze} says how its model is trained.
 *
 * <p>Expected outputs are lines of text. A field (separated by spaces or tabs) that is a number in both the stored and
 * the new line is compared within a tolerance, because the last bits of a float may move with the BLAS build or the
 * layers' implementation; every other field must be equal.
 */
public final class FrozenModel {
    /** The system property that regenerates the frozen files instead of checking them. */
    public static final String REFREEZE = "seqtasks.refreeze";
    /**
     * For numbers printed with {@link #number}: absolute below 1, relative above (a price of 100 in float carries about
     * 1e-5 of rounding); far above float rounding, far below any real change.
     */
    public static final double TOLERANCE = 2e-5;

    private static final String MODEL = "model.zip";
    private static final String EXPECTED = "expected.txt";
    /** Where surefire runs a module's tests from: the module folder, so the sources are here. */
    private static final Path SOURCES = Path.of("src", "test", "resources", "frozen");

    private final String name;

    /** The frozen model {@code frozen/name/} of the module under test. */
    public FrozenModel(String name) {
        this.name = name;
    }

    public static boolean refreezing() {
        return Boolean.getBoolean(REFREEZE);
    }

    /** A number as the expected files hold it: six decimals, locale-free. */
    public static String number(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /**
     * The frozen model to load: when refreezing, {@code trained} (a fresh model.zip) is first copied into the sources;
     * otherwise the copy the build put on the test classpath. {@code trained} is called only when refreezing.
     */
    public Path model(ModelSource trained) {
        if (refreezing()) {
            try {
                Path sources = SOURCES.resolve(name);
                Files.createDirectories(sources);
                Files.copy(trained.train(), sources.resolve(MODEL), StandardCopyOption.REPLACE_EXISTING);
                return sources.resolve(MODEL);
            } catch (Exception e) {
                throw new IllegalStateException("refreezing failed: " + e, e);
            }
        }
        return resource(MODEL);
    }

    /** Trains the model to freeze; returns its model.zip. */
    @FunctionalInterface
    public interface ModelSource {
        Path train() throws Exception;
    }

    /** Checks {@code outputs} against the stored ones (or stores them, when refreezing). */
    public void assertSameOutputs(List<String> outputs) {
        if (refreezing()) {
            try {
                Files.write(SOURCES.resolve(name).resolve(EXPECTED), outputs, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        List<String> expected;
        try {
            expected = Files.readAllLines(resource(EXPECTED), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(expected.size(), outputs.size(), "number of output lines, got:\n" + String.join("\n", outputs));
        for (int i = 0; i < expected.size(); i++) {
            if (!sameLine(expected.get(i), outputs.get(i))) {
                fail("frozen output line " + (i + 1) + " changed:\n  expected: " + expected.get(i) + "\n  got:      "
                        + outputs.get(i));
            }
        }
    }

    static boolean sameLine(String expected, String actual) {
        String[] e = expected.split("[ \t]", -1);
        String[] a = actual.split("[ \t]", -1);
        if (e.length != a.length) {
            return false;
        }
        for (int i = 0; i < e.length; i++) {
            if (e[i].equals(a[i])) {
                continue;
            }
            Double x = parse(e[i]);
            Double y = parse(a[i]);
            if (x == null || y == null || !(Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.abs(x)))) {
                return false;
            }
        }
        return true;
    }

    private static Double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Path resource(String file) {
        String path = "frozen/" + name + "/" + file;
        var url = FrozenModel.class.getClassLoader().getResource(path);
        if (url == null) {
            throw new IllegalStateException(
                    "no " + path + " on the test classpath (refreeze with -D" + REFREEZE + "=true)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
