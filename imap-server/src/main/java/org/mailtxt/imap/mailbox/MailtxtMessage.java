package org.mailtxt.imap.mailbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.mail.Flags;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.model.ComposedMessageId;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageAttachmentMetadata;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.Properties;

/**
 * A message of a mailbox file as James sees it. Metadata comes from the mailstore's table; the octets are read from
 * the file only when asked for (FETCH of a body, SEARCH on text), once per object, and are exactly the stored octets
 * in CR LF form. Not thread-safe (James uses each instance from one request).
 */
final class MailtxtMessage implements MailboxMessage {
    /** Reads a message's octets when first needed. */
    interface Octets {
        byte[] read() throws IOException;
    }

    private final MailtxtMailboxId mailboxId;
    private final MessageId messageId;
    private final Date internalDate;
    private final long size;
    private final Octets source;
    private final Octets headerSource;
    private byte[] headerOctets;
    private MessageUid uid;
    private ModSeq modSeq;
    private Flags flags;
    private byte[] octets;
    private Properties properties;
    private int headerLength = -1;
    private Date saveDate;

    MailtxtMessage(MailtxtMailboxId mailboxId, MessageId messageId, MessageUid uid, ModSeq modSeq, Flags flags,
                   Date internalDate, Date saveDate, long size, Octets source, Octets headerSource) {
        this.mailboxId = mailboxId;
        this.messageId = messageId;
        this.uid = uid;
        this.modSeq = modSeq;
        this.flags = new Flags(flags);
        this.internalDate = internalDate;
        this.saveDate = saveDate;
        this.size = size;
        this.source = source;
        this.headerSource = headerSource;
    }

    /** The header alone: from the whole message if it was read already, else read on its own (much less I/O). */
    private byte[] header() {
        if (octets != null) {
            return java.util.Arrays.copyOf(octets, headerLength());
        }
        if (headerOctets == null) {
            try {
                headerOctets = headerSource.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return headerOctets;
    }

    byte[] octets() {
        if (octets == null) {
            try {
                octets = source.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return octets;
    }

    private int headerLength() {
        if (headerLength < 0) {
            byte[] b = octets();
            headerLength = b.length;
            for (int i = 0; i + 3 < b.length; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                    headerLength = i + 4;
                    break;
                }
            }
        }
        return headerLength;
    }

    @Override public ThreadId getThreadId() { return ThreadId.fromBaseMessageId(messageId); }

    @Override
    public ComposedMessageIdWithMetaData getComposedMessageIdWithMetaData() {
        return new ComposedMessageIdWithMetaData(new ComposedMessageId(mailboxId, messageId, uid), createFlags(),
                modSeq, getThreadId());
    }

    @Override public MailboxId getMailboxId() { return mailboxId; }
    @Override public MessageUid getUid() { return uid; }
    @Override public void setUid(MessageUid value) { uid = value; }
    @Override public void setModSeq(ModSeq value) { modSeq = value; }
    @Override public ModSeq getModSeq() { return modSeq; }
    @Override public boolean isAnswered() { return flags.contains(Flags.Flag.ANSWERED); }
    @Override public boolean isDeleted() { return flags.contains(Flags.Flag.DELETED); }
    @Override public boolean isDraft() { return flags.contains(Flags.Flag.DRAFT); }
    @Override public boolean isFlagged() { return flags.contains(Flags.Flag.FLAGGED); }
    @Override public boolean isRecent() { return flags.contains(Flags.Flag.RECENT); }
    @Override public boolean isSeen() { return flags.contains(Flags.Flag.SEEN); }
    @Override public void setFlags(Flags value) { flags = new Flags(value); }
    /** The save date of this copy in memory; what the mailbox keeps is the mailstore's (when it saved it). */
    @Override public void setSaveDate(Date date) { saveDate = date; }
    @Override public Flags createFlags() { return new Flags(flags); }
    @Override public Optional<Date> getSaveDate() { return Optional.ofNullable(saveDate); }

    @Override
    public MailboxMessage copy(Mailbox mailbox) {
        MailtxtMessage c = new MailtxtMessage((MailtxtMailboxId) mailbox.getMailboxId(), messageId, uid, modSeq, flags,
                internalDate, saveDate, size, this::octets, this::header);
        return c;
    }

    @Override public MessageId getMessageId() { return messageId; }
    @Override public Date getInternalDate() { return internalDate; }
    @Override public InputStream getBodyContent() {
        byte[] b = octets();
        return new ByteArrayInputStream(b, headerLength(), b.length - headerLength());
    }
    @Override public String getMediaType() { return getProperties().getMediaType(); }
    @Override public String getSubType() { return getProperties().getSubType(); }
    @Override public long getBodyOctets() { return getFullContentOctets() - getHeaderOctets(); }
    @Override public long getFullContentOctets() { return size; }
    @Override public long getHeaderOctets() { return octets != null ? headerLength() : header().length; }
    @Override public Long getTextualLineCount() { return getProperties().getTextualLineCount(); }
    @Override public InputStream getHeaderContent() { return new ByteArrayInputStream(header()); }
    @Override public InputStream getFullContent() { return new ByteArrayInputStream(octets()); }

    @Override
    public Properties getProperties() {
        if (properties == null) {
            properties = MimeProperties.of(octets());
        }
        return properties;
    }

    @Override public List<MessageAttachmentMetadata> getAttachments() { return List.of(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailtxtMessage m && m.mailboxId.equals(mailboxId) && m.uid.equals(uid);
    }

    @Override
    public int hashCode() {
        return mailboxId.hashCode() * 31 + uid.hashCode();
    }
}
