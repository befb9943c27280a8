package org.seqtasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqtasks.UserFacingException;

class TarMemberTest {
    /** A ustar archive of {@code members} (name -> content), as tar and npm write them. */
    static byte[] tar(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> m : members.entrySet()) {
            byte[] header = new byte[512];
            byte[] name = m.getKey().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(name, 0, header, 0, name.length);
            put(header, 100, "0000644\0");
            put(header, 124, String.format("%011o\0", m.getValue().length));
            header[156] = '0';
            put(header, 257, "ustar\0" + "00");
            put(header, 148, "        ");
            int sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            put(header, 148, String.format("%06o\0 ", sum));
            out.write(header);
            out.write(m.getValue());
            out.write(new byte[(512 - m.getValue().length % 512) % 512]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
    }

    @Test
    void streamsTheWantedMemberAndStopsAtItsEnd() throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("package/package.json", "{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8));
        byte[] big = new byte[1300];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        members.put("package/vectors.json", big);
        members.put("package/README.md", "after".getBytes(StandardCharsets.UTF_8));
        byte[] archive = tar(members);
        try (InputStream in = TarMember.open(
                new ByteArrayInputStream(archive), n -> n.endsWith("vectors.json"), "vectors", "t.tar")) {
            assertEquals(
                    new String(big, StandardCharsets.US_ASCII),
                    new String(in.readAllBytes(), StandardCharsets.US_ASCII),
                    "the member's bytes, not its padding or the next header");
        }
        try (InputStream in =
                TarMember.open(new ByteArrayInputStream(archive), n -> n.endsWith(".md"), "readme", "t.tar")) {
            assertEquals("after", new String(in.readAllBytes(), StandardCharsets.UTF_8), "a member after a padded one");
        }
        UserFacingException e = assertThrows(
                UserFacingException.class,
                () -> TarMember.open(
                        new ByteArrayInputStream(archive), n -> n.endsWith(".bin"), "binary member", "t.tar"));
        assertEquals("t.tar: the archive has no binary member", e.getMessage());
    }

    @Test
    void notATarArchiveSaysSo() {
        byte[] text = new byte[512];
        byte[] words = "the 0.1 0.2 0.3\nfilm 1 2 3\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(words, 0, text, 0, words.length);
        text[124] = 'x';
        UserFacingException e = assertThrows(
                UserFacingException.class,
                () -> TarMember.open(new ByteArrayInputStream(text), n -> true, "member", "v.tgz"));
        assertTrue(e.getMessage().startsWith("v.tgz: not a tar archive"), e.getMessage());
    }
}
