package org.seqtasks.captioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;

class FeatureFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsFeaturesWithSeveralCaptionsPerImage() throws IOException {
        Path f = write("f.txt", "# id\tfeatures\nimg1\t0.5 -1 2e-1\n\nimg2\t1 2 3\n");
        Path c = write("c.txt", "img1\tA dog runs.\nimg2\ttwo cats\nimg1\ta brown dog running\n");
        List<CaptionedImage> images = FeatureFiles.read(f, c);
        assertEquals(2, images.size());
        assertEquals("img1", images.get(0).id());
        assertArrayEquals(new float[] {0.5f, -1f, 0.2f}, images.get(0).features());
        assertEquals(
                List.of(List.of("a", "dog", "runs", "."), List.of("a", "brown", "dog", "running")),
                images.get(0).references());
    }

    @Test
    void malformedLinesNameFileLineAndProblem() throws IOException {
        Path good = write("good.txt", "a\t1 2\nb\t3 4\n");
        Path caps = write("caps.txt", "a\tx\nb\ty\n");
        assertMessage(
                write("f1.txt", "a\t1 2\nb\t3\n"), caps, "f1.txt:2: image 'b' has 1 values, earlier lines have 2");
        assertMessage(write("f2.txt", "a\t1 2\nb 3 4\n"), caps, "f2.txt:2: expected ID<TAB>v1 v2 ..., found no tab");
        assertMessage(write("f3.txt", "a\t1 x\n"), caps, "f3.txt:1: value 2 'x' is not a number");
        assertMessage(write("f4.txt", "a\t1 2\na\t1 2\n"), caps, "f4.txt:2: image 'a' appears twice");
        assertMessage(good, write("c1.txt", "a\tx\n\nc\tz\n"), "c1.txt:3: image 'c' has no line in");
        assertMessage(good, write("c2.txt", "a\tx\nb\t \n"), "c2.txt:2: empty caption for image 'b'");
        assertMessage(good, write("c3.txt", "a\tx\n"), "c3.txt: image 'b' from");
        assertMessage(good, dir.resolve("missing.txt"), "missing.txt: file not found");
    }

    private static void assertMessage(Path features, Path captions, String expected) {
        UserFacingException e = assertThrows(UserFacingException.class, () -> FeatureFiles.read(features, captions));
        Assertions.assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
