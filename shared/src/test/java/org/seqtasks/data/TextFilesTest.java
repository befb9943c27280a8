package org.seqtasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;

class TextFilesTest {
    @TempDir
    Path dir;

    @Test
    void invalidUtf8NamesTheFileAndLine() throws Exception {
        Path f = dir.resolve("reviews.txt");
        Files.write(f, new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'}); // Latin-1 e-acute
        UserFacingException e =
                assertThrows(UserFacingException.class, () -> TextFiles.read(f, StandardCharsets.UTF_8));
        assertTrue(e.getMessage().startsWith(f + ":2: byte 0xE9 is not valid UTF-8"), e.getMessage());
        assertEquals(List.of("ok", "caf\u00e9"), TextFiles.readLines(f, Charset.forName("windows-1252")));
    }

    @Test
    void gzipIsReadTransparentlyAndCrlfLinesSplit() throws Exception {
        Path f = dir.resolve("a.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("one\r\ntwo\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("one", "two"), TextFiles.readLines(f, StandardCharsets.UTF_8));
    }

    @Test
    void missingFileIsOneClearError() {
        UserFacingException e = assertThrows(
                UserFacingException.class, () -> TextFiles.read(dir.resolve("nope.txt"), StandardCharsets.UTF_8));
        assertTrue(e.getMessage().endsWith("nope.txt: file not found"), e.getMessage());
    }

    @Test
    void aUtf8ByteOrderMarkIsNotPartOfTheText() throws Exception {
        Path f = dir.resolve("bom.txt");
        Files.write(
                f,
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1', ' ', 'o', 'k', '\n', '0', ' ', 'n', 'o', '\n'});
        assertEquals(List.of("1 ok", "0 no"), TextFiles.readLines(f, StandardCharsets.UTF_8));
        assertEquals('1', TextFiles.read(f, StandardCharsets.UTF_8).charAt(0));
        Path inside = dir.resolve("inside.txt");
        Files.writeString(inside, "a\uFEFFb", StandardCharsets.UTF_8);
        assertEquals("a\uFEFFb", TextFiles.read(inside, StandardCharsets.UTF_8), "only a leading mark is one");
    }
}
