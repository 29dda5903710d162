package org.mailtxt.mailstore.format;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tenex and mtx codecs: stored text, sizes and header boundaries as c-client computes them (spec §2.3, §3, §4). */
class MailboxCodecTest {

    private static final MailboxCodec TENEX = MailboxFormat.TENEX.codec();
    private static final MailboxCodec MTX = MailboxFormat.MTX.codec();

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(ISO_8859_1);
    }

    private FileChannel channelWith(byte[] content) throws IOException {
        Path file = dir.resolve("text");
        Files.write(file, content);
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    @Test
    void tenexDropsEveryCarriageReturnIncludingLoneOnes() throws Exception {
        assertThat(TENEX.encodeForAppend(b("a\r\nb\rc\r\r\n"))).isEqualTo(b("a\nbc\n"));
        assertThat(TENEX.encodeForAppend(b("no newline"))).isEqualTo(b("no newline"));
    }

    @Test
    void mtxStoresTheBytesUnchangedEvenWithBareLineFeeds() throws Exception {
        byte[] text = b("Subject: x\n\nbody\r\n");
        assertThat(MTX.encodeForAppend(text)).isSameAs(text);
    }

    @Test
    void zeroLengthMessagesAreRefusedLikeCClientDoes() {
        assertThatThrownBy(() -> TENEX.encodeForAppend(new byte[0])).isInstanceOf(AppendRejectedException.class)
                .hasMessage("Append of zero-length message");
        assertThatThrownBy(() -> MTX.encodeForAppend(new byte[0])).isInstanceOf(AppendRejectedException.class)
                .extracting(e -> ((AppendRejectedException) e).reason())
                .isEqualTo(AppendRejectedException.Reason.ZERO_LENGTH);
    }

    @Test
    void aTenexMessageOfOnlyCarriageReturnsIsRefusedBecauseItWouldStoreNothing() throws Exception {
        assertThatThrownBy(() -> TENEX.encodeForAppend(b("\r\r"))).isInstanceOf(AppendRejectedException.class)
                .extracting(e -> ((AppendRejectedException) e).reason())
                .isEqualTo(AppendRejectedException.Reason.ONLY_CARRIAGE_RETURNS);
        assertThat(MTX.encodeForAppend(b("\r\r"))).hasSize(2);
    }

    @Test
    void tenexRfc822SizeAddsOneForEveryLineFeedNotPrecededByCr() {
        String six = "From: a@b\nTo: c@d\nSubject: seven lines, 115 bytes\n\nbody 1\nbody 2\n";
        byte[] seven = b(six + "t".repeat(115 - six.length() - 1) + "\n");
        assertThat(seven).hasSize(115);
        assertThat(TENEX.rfc822Size(seven)).isEqualTo(122);
        assertThat(TENEX.rfc822Size(b("\nx\r\ny\n"))).isEqualTo(8);
        assertThat(MTX.rfc822Size(seven)).isEqualTo(115);
    }

    @Test
    void fetchedTextIsCrLfForTenexAndAsStoredForMtx() {
        assertThat(TENEX.toCrlf(b("a\nb\r\nc\n\n"))).isEqualTo(b("a\r\nb\r\nc\r\n\r\n"));
        assertThat(TENEX.toCrlf(b("\n"))).isEqualTo(b("\r\n"));
        byte[] stored = b("a\nb\r\n");
        assertThat(MTX.toCrlf(stored)).isSameAs(stored);
    }

    @Test
    void tenexHeaderEndsAfterTheFirstTwoLineFeeds() {
        assertThat(TENEX.headerSize(b("A: 1\nB: 2\n\nbody\n\n"))).isEqualTo(11);
        assertThat(TENEX.headerSize(b("\nbody"))).isEqualTo(5);
        assertThat(TENEX.headerSize(b("\n\nbody"))).isEqualTo(2);
        assertThat(TENEX.headerSize(b("A: 1\nB: 2\n"))).isEqualTo(10);
    }

    @Test
    void mtxHeaderEndsAfterTheFirstCrLfCrLf() {
        assertThat(MTX.headerSize(b("A: 1\r\nB: 2\r\n\r\nbody\r\n"))).isEqualTo(14);
        assertThat(MTX.headerSize(b("A: 1\r\n\r\n"))).isEqualTo(8);
    }

    @Test
    void mtxHeaderMatcherRestartsOnABrokenSequenceSoCrCrLfCrLfIsNotFound() {
        assertThat(MTX.headerSize(b("A: 1\r\r\n\r\nbody"))).isEqualTo(13);
        assertThat(MTX.headerSize(b("A: 1\r\r\n\r\nbody\r\n\r\nmore"))).isEqualTo(17);
        assertThat(MTX.headerSize(b("A: 1\r\n\r\r\nB\r\n\r\nx"))).isEqualTo(14);
    }

    @Test
    void mtxTextWithBareLineFeedsHasNoHeaderEndSoItIsAllHeader() {
        assertThat(MTX.headerSize(b("A: 1\n\nbody\n"))).isEqualTo(11);
    }

    @Test
    void channelVariantsAgreeWithArrayVariantsAcrossChunkBoundaries() throws Exception {
        // the blank line straddles the 16 KiB chunk boundary
        StringBuilder text = new StringBuilder("X-Pad: ");
        text.append("p".repeat(16 * 1024 - 2 - text.length())).append("\r\n\r\n");
        text.append("b".repeat(16 * 1024 - 1)).append("\r\nend\n");
        byte[] mtx = b(text.toString());
        byte[] tenex = TENEX.encodeForAppend(mtx);
        try (FileChannel channel = channelWith(concat(b("junk before"), mtx))) {
            assertThat(MTX.headerSize(channel, 11, mtx.length)).isEqualTo(MTX.headerSize(mtx)).isEqualTo(16 * 1024 + 2);
            assertThat(MTX.rfc822Size(channel, 11, mtx.length)).isEqualTo(mtx.length);
            assertThat(TENEX.rfc822Size(channel, 11, mtx.length)).isEqualTo(TENEX.rfc822Size(mtx))
                    .isEqualTo(mtx.length + 1);
        }
        try (FileChannel channel = channelWith(tenex)) {
            assertThat(TENEX.headerSize(channel, 0, tenex.length)).isEqualTo(TENEX.headerSize(tenex))
                    .isEqualTo(16 * 1024);
            assertThat(TENEX.rfc822Size(channel, 0, tenex.length)).isEqualTo(TENEX.rfc822Size(tenex));
            assertThat(TENEX.toCrlf(tenex)).hasSize((int) TENEX.rfc822Size(tenex));
        }
    }

    @Test
    void aCrAtTheEndOfOneChunkStillProtectsTheLfAtTheStartOfTheNext() throws Exception {
        byte[] text = b("a".repeat(16 * 1024 - 1) + "\r\n" + "z\n");
        try (FileChannel channel = channelWith(text)) {
            assertThat(TENEX.rfc822Size(channel, 0, text.length)).isEqualTo(text.length + 1);
        }
    }

    @Test
    void aRecordTextThatRunsPastTheFileIsAnError() throws Exception {
        try (FileChannel channel = channelWith(b("short"))) {
            assertThatThrownBy(() -> TENEX.headerSize(channel, 0, 100)).isInstanceOf(EOFException.class)
                    .hasMessageContaining("offset 0 (100 bytes) ends at 5");
        }
    }

    private static byte[] concat(byte[] a, byte[] c) {
        byte[] r = new byte[a.length + c.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(c, 0, r, a.length, c.length);
        return r;
    }
}
