package org.seqtasks.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.seqtasks.UserFacingException;

/**
 * Streams one member out of a tar archive (POSIX ustar, as npm packs its packages), without unpacking the
 * rest to disk. A tar archive is a sequence of 512-byte headers, each followed by its member's bytes padded
 * to a multiple of 512; an all-zero header ends it. Only what a reader of a package needs is supported:
 * regular files, names up to ustar's 155 + 100 characters.
 */
public final class TarMember {
    private static final int BLOCK = 512;

    private TarMember() {}

    /**
     * The content of the first regular file whose name {@code wanted} accepts, as a stream that ends where the
     * member ends; closing it closes {@code tar}. {@code what} describes the member and {@code source} names the
     * archive, in messages.
     */
    public static InputStream open(InputStream tar, Predicate<String> wanted, String what, String source)
            throws IOException {
        byte[] header = new byte[BLOCK];
        while (true) {
            if (tar.readNBytes(header, 0, BLOCK) < BLOCK || isZero(header)) {
                tar.close();
                throw new UserFacingException(source + ": the archive has no " + what);
            }
            String name = text(header, 345, 155).isEmpty()
                    ? text(header, 0, 100)
                    : text(header, 345, 155) + "/" + text(header, 0, 100);
            long size = octal(header, 124, 12, source);
            char type = (char) header[156];
            if ((type == '0' || type == 0) && wanted.test(name)) {
                return new Bounded(tar, size);
            }
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            tar.skipNBytes(padded);
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length, String source) {
        String digits = text(header, offset, length).trim();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new UserFacingException(source + ": not a tar archive (member size field '" + digits + "')");
        }
    }

    /** The member's bytes: reads stop at its end, before the archive's padding and next header. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long size) {
            super(in);
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(Math.max(n, 0), left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), left);
        }
    }
}
