package org.seqtasks.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.seqtasks.UserFacingException;

/**
 * Reads text with an explicit charset. Files ending in {@code .gz} are decompressed transparently.
 * Decoding is strict: a byte sequence that is not valid in the charset is an error naming the file and
 * line, never a silent replacement character (MR is Windows-1252, SST is UTF-8: reading one as the other
 * must fail loudly).
 */
public final class TextFiles {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private TextFiles() {}

    /** The whole file as one string. */
    public static String read(Path file, Charset charset) {
        byte[] bytes;
        try (InputStream in = open(file)) {
            bytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new UserFacingException(file + ": file not found");
        } catch (IOException e) {
            throw new UserFacingException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return decode(bytes, charset, file.toString());
    }

    /** The file's lines, without line terminators (LF or CRLF). */
    public static List<String> readLines(Path file, Charset charset) {
        return read(file, charset).lines().toList();
    }

    /** A classpath resource (the embedded defaults under {@code datasets/}) as one string. */
    public static String readResource(String name, Charset charset) {
        try (InputStream in = TextFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new UserFacingException("embedded resource " + name + " is missing from the jar");
            }
            InputStream stream = name.endsWith(".gz") ? new GZIPInputStream(in) : in;
            return decode(stream.readAllBytes(), charset, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a file for reading, gunzipping when its name ends in {@code .gz}. */
    public static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    static String decode(byte[] bytes, Charset charset, String source) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) (bytes.length * (double) decoder.maxCharsPerByte()) + 16);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            throw new UserFacingException(String.format(
                    "%s:%d: byte 0x%02X is not valid %s (wrong encoding?)",
                    source, lineOf(bytes, bad), bytes[bad] & 0xff, charset.name()));
        }
        decoder.flush(out);
        out.flip();
        if (out.hasRemaining() && out.charAt(0) == BYTE_ORDER_MARK) {
            out.get(); // a BOM (Windows editors write one) is not a character of the text: it would be a token or
            // a vocabulary entry
        }
        return out.toString();
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
