/**
 * The mailbox index: UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, per-message UIDs
 * and MODSEQs, and keyword tables for tenex/mtx files, which cannot store
 * them (spec {@code tenex-mtx-format.md} §11; ARCHITECTURE.md decisions 3, 4
 * and 6). The file is the truth and this is a rebuildable record: an index
 * that is lost or damaged ({@link org.mailtxt.mailstore.index.IndexException#isRebuildable()})
 * is moved aside and rebuilt from the files, losing no mail.
 *
 * <p>{@link org.mailtxt.mailstore.index.MailboxIndex} is the whole surface;
 * {@link org.mailtxt.mailstore.index.H2MailboxIndex} is its embedded H2
 * implementation. The SQL is plain JDBC that H2 (PostgreSQL mode) and
 * PostgreSQL both run, so that several nodes can later share one PostgreSQL
 * index ("Scaling past one machine").
 *
 * <p>Why rows and no packed copy: each message is one row keyed by
 * (mailbox, UID), and loading reads them in key order. Measured with
 * {@code IndexBenchmark} (JMH, 1 GiB heap, 2 busy cores): a warm load of
 * 100,000 messages 18 ms, opening the database and then loading them 370 ms,
 * appending one message 0.43 ms (durable commit). A packed copy of the
 * message table would make loading cheaper still but every append a rewrite
 * of it, or need a delta scheme; the budget (100 ms) did not call for it.
 * The price of rows is paid when many messages move: rewriting the offsets
 * of all 100,000 messages (another process expunged the first one) is
 * 100,000 row updates, 2.5 to 7 s measured. So this JVM's own expunges do not
 * rewrite the moved rows at once: they are written when the mailbox closes,
 * and until then the stored file snapshot is the one the rows were current
 * for, which no later file matches (see {@code UidBook.oweOffsets}). Rows
 * therefore load in UID order, which is file order, whatever their offsets.
 */
package org.mailtxt.mailstore.index;
