package org.mailtxt.imap.mailbox.contract;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.UUID;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MailboxSessionUtil;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.mail.AttachmentMapper;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MapperProvider;
import org.apache.james.mailbox.store.mail.model.MessageUidProvider;
import org.mailtxt.imap.mailbox.MailtxtMailboxId;
import org.mailtxt.imap.mailbox.MailtxtMessageId;

/**
 * James's {@link MapperProvider} over a {@link MailtxtBackend}. Capabilities: messages, mailboxes, MOVE, ACL storage
 * (in memory) and annotations (in memory). Not offered: attachments (mailtxt stores messages whole), unique message
 * ids (no MessageIdMapper: by-id access is JMAP's), thread-safe flag updates are offered by the mailstore's file lock.
 */
final class MailtxtMapperProvider implements MapperProvider {
    private static final MailboxSession SESSION = MailboxSessionUtil.create(Username.of("benwa"));
    private final MailtxtBackend backend;
    private final MessageUidProvider uids = new MessageUidProvider();
    private final MessageId.Factory messageIds = new MailtxtMessageId.Factory();

    MailtxtMapperProvider(MailtxtBackend backend) {
        this.backend = backend;
    }

    @Override
    public List<Capabilities> getSupportedCapabilities() {
        return List.of(Capabilities.MESSAGE, Capabilities.MAILBOX, Capabilities.MOVE, Capabilities.ANNOTATION,
                Capabilities.ACL_STORAGE, Capabilities.THREAD_SAFE_FLAGS_UPDATE,
                Capabilities.INCREMENTAL_APPLICABLE_FLAGS);
    }

    /**
     * The message suites' fixture puts its second mailbox under INBOX ("INBOX.work"); a tenex/mtx INBOX is a file and
     * cannot have inferiors (design limit), so the mailbox mapper these suites see stores any "INBOX.x" as the
     * top-level "INBOX-x". Nothing else is changed; the message mapper under test is the adapter's own.
     */
    @Override
    public MailboxMapper createMailboxMapper() {
        MailboxMapper real = backend.factory().createMailboxMapper(SESSION);
        return (MailboxMapper) Proxy.newProxyInstance(MailboxMapper.class.getClassLoader(),
                new Class<?>[] {MailboxMapper.class}, (proxy, method, args) -> {
                    if (args != null) {
                        for (int i = 0; i < args.length; i++) {
                            if (args[i] instanceof MailboxPath p && p.getName().startsWith("INBOX.")) {
                                args[i] = new MailboxPath(p.getNamespace(), p.getUser(),
                                        "INBOX-" + p.getName().substring("INBOX.".length()));
                            }
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public MessageMapper createMessageMapper() {
        return backend.factory().createMessageMapper(MailboxSessionUtil.create(Username.of("benwa")));
    }

    @Override
    public MessageIdMapper createMessageIdMapper() {
        return backend.factory().createMessageIdMapper(SESSION);
    }

    @Override
    public AttachmentMapper createAttachmentMapper() {
        throw new UnsupportedOperationException("mailtxt stores no separate attachments");
    }

    @Override
    public MailboxId generateId() {
        return new MailtxtMailboxId("benwa", "generated-" + UUID.randomUUID());
    }

    @Override
    public MessageUid generateMessageUid() {
        return uids.next();
    }

    @Override
    public ModSeq generateModSeq(Mailbox mailbox) throws MailboxException {
        return backend.factory().getModSeqProvider().nextModSeq(mailbox);
    }

    @Override
    public ModSeq highestModSeq(Mailbox mailbox) throws MailboxException {
        return backend.factory().getModSeqProvider().highestModSeq(mailbox);
    }

    @Override
    public boolean supportPartialAttachmentFetch() {
        return false;
    }

    @Override
    public MessageId generateMessageId() {
        return messageIds.generate();
    }
}
