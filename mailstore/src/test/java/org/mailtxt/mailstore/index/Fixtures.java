package org.mailtxt.mailstore.index;

import java.util.ArrayList;
import java.util.List;

/** Values for index tests: a file snapshot and messages laid out as in a tenex file. */
final class Fixtures {

    static final String INBOX = "/srv/mail/u/INBOX";
    /** Bytes per record in the fixtures' imaginary file: a 40-byte header line and 960 bytes of text. */
    static final long RECORD = 1000;

    private Fixtures() {
    }

    static FileSnapshot snapshot(long size) {
        return new FileSnapshot(2049, 131_072, size, 1_700_000_000_123_456_789L, 1_700_000_000_000_000_000L,
                FileSnapshot.TENEX);
    }

    /** Message {@code uid} as record {@code position} of the file. */
    static IndexedMessage message(long uid, long position) {
        return new IndexedMessage(uid, uid, position * RECORD, 40, RECORD - 40, RECORD - 40 + 12,
                1_700_000_000L + uid, 60, uid * 0x9E37_79B9_7F4A_7C15L, 0, 0);
    }

    /** Messages 1..count in file order. */
    static List<IndexedMessage> messages(int count) {
        List<IndexedMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(message(i + 1, i));
        }
        return messages;
    }

    /** The state after {@code count} messages numbered from 1. */
    static MailboxState stateAfter(long uidValidity, int count) {
        return new MailboxState(uidValidity, count + 1, Math.max(1, count), snapshot(count * RECORD));
    }
}
