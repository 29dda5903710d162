package org.mailtxt.mailstore.format;

import java.util.zip.CRC32C;

/**
 * A message's identity for UID reconciliation (ARCHITECTURE.md decision 3): the date text and SIZE of its header
 * line (CRC-32C, high 32 bits) and the first {@link #PREFIX} bytes of its text (CRC-32C, low 32 bits; the
 * CPU computes it, so 4 KiB per message costs little more than reading it). Flags are
 * left out: they change in place. Computed by the {@link RecordScanner} while it reads header lines, and by the
 * mailstore for records it writes. Stateless.
 */
public final class Fingerprint {
    /** Bytes of message text that go into a fingerprint. */
    public static final int PREFIX = 4096;

    private Fingerprint() {
    }

    /**
     * @param date the header line's date text (US-ASCII bytes)
     * @param size the header line's SIZE
     * @param text a buffer holding the start of the message text
     * @param textFrom where the text starts in it
     * @param textLength {@code min(size, PREFIX)} bytes of text
     * @return the fingerprint
     */
    public static long of(byte[] date, int dateFrom, int dateLength, long size, byte[] text, int textFrom,
                          int textLength) {
        CRC32C head = new CRC32C();
        head.update(date, dateFrom, dateLength);
        byte[] digits = Long.toString(size).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        head.update(digits, 0, digits.length);
        CRC32C body = new CRC32C();
        body.update(0x5a); // a different start than the header's, so the two halves are independent
        body.update(text, textFrom, textLength);
        return (head.getValue() << 32) | body.getValue();
    }
}
