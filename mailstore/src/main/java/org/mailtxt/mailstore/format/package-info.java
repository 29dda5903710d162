/**
 * The byte format of UW c-client tenex and mtx mailbox files, compatible
 * with c-client 2007f (spec {@code tenex-mtx-format.md}): format recognition
 * ({@link org.mailtxt.mailstore.format.MailboxFormat}), internal dates
 * ({@link org.mailtxt.mailstore.format.InternalDate}), record header lines and
 * their flag digits ({@link org.mailtxt.mailstore.format.HeaderLine},
 * {@link org.mailtxt.mailstore.format.FlagDigits},
 * {@link org.mailtxt.mailstore.format.KeywordBits},
 * {@link org.mailtxt.mailstore.format.SystemFlags}), the parse loop
 * ({@link org.mailtxt.mailstore.format.RecordScanner} →
 * {@link org.mailtxt.mailstore.format.RecordList}) with its typed errors
 * ({@link org.mailtxt.mailstore.format.MalformedMailboxException}), and the
 * message codecs ({@link org.mailtxt.mailstore.format.MailboxCodec}).
 *
 * <p>Nothing here locks or writes files: callers hold c-client's locks
 * (module {@code locking}) and decide what to write; this package says
 * which bytes.
 */
package org.mailtxt.mailstore.format;
