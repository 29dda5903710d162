package org.mailtxt.mailstore;

import java.util.List;

/**
 * The UIDs appended messages got (IMAP's APPENDUID / COPYUID).
 *
 * @param uidValidity the UIDVALIDITY they belong to
 * @param uids the new UIDs, in the order of the request
 */
public record AppendResult(long uidValidity, List<Long> uids) {
    public AppendResult {
        uids = List.copyOf(uids);
    }
}
