package org.mailtxt.mailstore.format;

/**
 * Finds the blank line that ends a message header in stored text (spec §4)
 * the way c-client does: it matches the separator byte by byte and, on any
 * byte that breaks the sequence, starts again from the next byte without
 * re-examining the breaking one. So for mtx ({@code CR LF CR LF}) a header
 * ending {@code CR CR LF CR LF} is not found. Works across chunks. Not
 * thread-safe: one instance per measurement.
 */
final class HeaderEndMatcher {

    static final byte[] TENEX_SEPARATOR = {'\n', '\n'};
    static final byte[] MTX_SEPARATOR = {'\r', '\n', '\r', '\n'};

    private final byte[] separator;
    private int matched;
    private long consumed;
    private long headerSize = -1;

    HeaderEndMatcher(byte[] separator) {
        this.separator = separator;
    }

    /**
     * @param bytes the next chunk of text
     * @param length bytes of it to examine
     * @return true when the separator was found (then {@link #headerSize()} is known)
     */
    boolean feed(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == separator[matched]) {
                if (++matched == separator.length) {
                    headerSize = consumed + i + 1;
                    return true;
                }
            } else {
                matched = 0;
            }
        }
        consumed += length;
        return false;
    }

    /**
     * @param size the whole text's size
     * @return the header size including the separator, or {@code size} when no separator was found
     */
    long headerSize(long size) {
        return headerSize < 0 ? size : headerSize;
    }
}
