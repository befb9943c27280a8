package org.seqtasks.captioning;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.testing.ReaderFuzz;

/** Precomputed features and their captions, either file damaged: captioned images, or one line naming the file. */
class FeatureFilesFuzzTest {
    private static final int TRIES = 250;
    private static final int IMAGES = 12;

    @TempDir
    Path dir;

    private static byte[] features() {
        StringBuilder b = new StringBuilder("# id<TAB>features\n");
        for (int i = 0; i < IMAGES; i++) {
            b.append("img").append(i).append('\t');
            for (int j = 0; j < 5; j++) {
                b.append(String.format(Locale.ROOT, "%.4f", Math.sin(i + 0.7 * j)))
                        .append(j < 4 ? " " : "\n");
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] captions() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < IMAGES; i++) {
            b.append("img").append(i).append("\ta dog runs on the grass .\n");
            b.append("img").append(i).append("\tTwo cats, one sofa!\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void damagedFeaturesAreImagesOrAOneLineError() throws Exception {
        Path captions = Files.write(dir.resolve("captions.tsv"), captions());
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(
                        dir, "features.tsv", features(), TRIES, f -> FeatureFiles.read(f, captions))
                > 0);
    }

    @Test
    void damagedCaptionsAreImagesOrAOneLineError() throws Exception {
        Path features = Files.write(dir.resolve("features.tsv"), features());
        assertTrue(ReaderFuzz.assertOnlyOneLineErrors(
                        dir, "captions.tsv", captions(), TRIES, f -> FeatureFiles.read(features, f))
                > 0);
    }
}
