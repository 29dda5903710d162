package org.mailtxt.mailstore.format;

/**
 * An APPEND that c-client would refuse (spec §9.1), with c-client's wording
 * in the message so the IMAP layer can answer {@code NO} with it. Nothing has
 * been written when this is thrown. Immutable; thread-safe.
 */
public final class AppendRejectedException extends Exception {

    /** Why the message cannot be appended. */
    public enum Reason {
        /** The message has no bytes. */
        ZERO_LENGTH,
        /** tenex: the message consists of CR bytes only, so nothing would be left to store. */
        ONLY_CARRIAGE_RETURNS,
        /** The date given with the APPEND does not parse (spec §2.5). */
        BAD_DATE
    }

    private final Reason reason;

    AppendRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return why the append was refused */
    public Reason reason() {
        return reason;
    }

    static AppendRejectedException zeroLength() {
        return new AppendRejectedException(Reason.ZERO_LENGTH, "Append of zero-length message");
    }

    static AppendRejectedException onlyCarriageReturns(int length) {
        return new AppendRejectedException(Reason.ONLY_CARRIAGE_RETURNS,
                "Append of zero-length message: all " + length + " bytes are CR, which tenex does not store");
    }

    static AppendRejectedException badDate(String date) {
        String shown = date.length() > 80 ? date.substring(0, 80) : date;
        return new AppendRejectedException(Reason.BAD_DATE, "Bad date in append: " + shown);
    }
}
