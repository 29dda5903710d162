package org.mailtxt.imap.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.mail.Flags;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxCounters;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.apache.james.mailbox.store.transaction.NonTransactionalMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.mailtxt.mailstore.AppendRequest;
import org.mailtxt.mailstore.AppendResult;
import org.mailtxt.mailstore.FlagChange;
import org.mailtxt.mailstore.MailboxInUseException;
import org.mailtxt.mailstore.MailboxStatus;
import org.mailtxt.mailstore.MessageInfo;
import org.mailtxt.mailstore.OpenMailbox;
import org.mailtxt.mailstore.format.AppendRejectedException;
import org.mailtxt.mailstore.format.InternalDate;
import org.mailtxt.mailstore.format.SystemFlags;
import reactor.core.publisher.Flux;

/**
 * Messages of mailbox files for James, over {@link OpenMailbox}. UIDs and MODSEQs are the mailstore's own (kept in its
 * index across opens and external changes), so {@code add} appends and reports the UID the file gave. A refused
 * expunge (another process has the file open) surfaces as a {@link MailboxException} carrying the mailstore's
 * "in use" message. Thread-safe as OpenMailbox is; one instance per James session.
 */
public final class MailtxtMessageMapper extends NonTransactionalMapper implements MessageMapper {
    /** Session attribute holding the reason of the last refused expunge, for the NO [INUSE] answer. */
    public static final String IN_USE_ATTRIBUTE = "mailtxt.in-use";
    private final MailboxAccess access;
    private final org.apache.james.mailbox.MailboxSession session;

    MailtxtMessageMapper(MailboxAccess access, org.apache.james.mailbox.MailboxSession session) {
        this.access = access;
        this.session = session;
    }

    private OpenMailbox open(Mailbox mailbox) throws MailboxException {
        return access.open((MailtxtMailboxId) mailbox.getMailboxId());
    }

    private MailboxException failure(String what, Mailbox mailbox, Exception e) {
        if (e instanceof MailboxInUseException inUse) {
            if (session != null) {
                session.getAttributes().put(IN_USE_ATTRIBUTE, mailbox.getName() + " is in use by "
                        + inUse.holders().stream().map(h -> h.describe()).reduce((a, b) -> a + ", " + b)
                        .orElse("another process") + "; expunge refused, try again later");
            }
            return new MailboxInUse(inUse.getMessage(), inUse);
        }
        return new MailboxException(what + " in " + mailbox.getName() + " failed: " + e.getMessage(), e);
    }

    /** An expunge, rename or delete refused because another process has the mailbox open (IMAP: NO [INUSE]). */
    static final class MailboxInUse extends MailboxException {
        private static final long serialVersionUID = 1L;

        MailboxInUse(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The open mailbox, or null for a folder (\Noselect: a directory holding inferior mailboxes), which has no
     * messages. James counts and lists the messages of a mailbox it deletes; without this, DELETE of an emptied folder
     * failed.
     */
    private OpenMailbox openUnlessFolder(Mailbox mailbox) throws MailboxException {
        try {
            return open(mailbox);
        } catch (org.apache.james.mailbox.exception.MailboxNotFoundException e) {
            if (access.isFolder((MailtxtMailboxId) mailbox.getMailboxId())) {
                return null;
            }
            throw e;
        }
    }

    private List<MessageInfo> infos(Mailbox mailbox, MessageRange range) throws MailboxException {
        OpenMailbox om = openUnlessFolder(mailbox);
        if (om == null) {
            return List.of();
        }
        try {
            long to = range.getType() == MessageRange.Type.ALL || range.getType() == MessageRange.Type.FROM
                    ? Long.MAX_VALUE : range.getUidTo().asLong();
            long from = range.getType() == MessageRange.Type.ALL ? 0 : range.getUidFrom().asLong();
            return om.messages(from, to);
        } catch (IOException e) {
            throw failure("reading messages", mailbox, e);
        }
    }

    static MailtxtMessage message(Mailbox mailbox, OpenMailbox om, MessageInfo m) {
        MailtxtMailboxId id = (MailtxtMailboxId) mailbox.getMailboxId();
        long validity = mailbox.getUidValidity().asLong();
        return new MailtxtMessage(id, MailtxtMessageId.of(id, validity, m.uid()), MessageUid.of(m.uid()),
                ModSeq.of(m.modSeq()), FlagMapping.toJames(m), Date.from(m.internalDate().instant()),
                Date.from(m.saveDate()), m.rfc822Size(),
                () -> om.content(m.uid()), () -> om.header(m.uid()));
    }

    @Override
    public Iterator<MailboxMessage> findInMailbox(Mailbox mailbox, MessageRange range, FetchType type, int limit)
            throws MailboxException {
        List<MessageInfo> infos = infos(mailbox, range);
        if (infos.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        OpenMailbox om = open(mailbox);
        List<MailboxMessage> out = new ArrayList<>();
        for (MessageInfo m : infos) {
            if (limit > 0 && out.size() >= limit) {
                break;
            }
            out.add(message(mailbox, om, m));
        }
        return out.iterator();
    }

    @Override
    public List<MessageUid> retrieveMessagesMarkedForDeletion(Mailbox mailbox, MessageRange range)
            throws MailboxException {
        return infos(mailbox, range).stream().filter(m -> m.has(SystemFlags.DELETED))
                .map(m -> MessageUid.of(m.uid())).toList();
    }

    // Counts and the first unseen / recent UIDs come from the message table's primitive columns: SELECT asks for
    // several of them, and building every message's MessageInfo for each was most of SELECT's cost.
    @Override
    public long countMessagesInMailbox(Mailbox mailbox) throws MailboxException {
        MailboxStatus s = status(mailbox);
        return s == null ? 0 : s.messages();
    }

    @Override
    public MailboxCounters getMailboxCounters(Mailbox mailbox) throws MailboxException {
        MailboxStatus s = status(mailbox);
        return MailboxCounters.builder().mailboxId(mailbox.getMailboxId()).count(s == null ? 0 : s.messages())
                .unseen(s == null ? 0 : s.unseen()).build();
    }

    /** The mailbox's status, or null for a folder (no messages). */
    private MailboxStatus status(Mailbox mailbox) throws MailboxException {
        OpenMailbox om = openUnlessFolder(mailbox);
        try {
            return om == null ? null : om.status();
        } catch (IOException e) {
            throw failure("status", mailbox, e);
        }
    }

    @Override
    public void delete(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        deleteMessages(mailbox, List.of(message.getUid()));
    }

    @Override
    public Map<MessageUid, MessageMetaData> deleteMessages(Mailbox mailbox, List<MessageUid> uids)
            throws MailboxException {
        OpenMailbox om = open(mailbox);
        Map<MessageUid, MessageMetaData> removed = new LinkedHashMap<>();
        try {
            List<Long> wanted = uids.stream().map(MessageUid::asLong).toList();
            Map<Long, MessageInfo> before = new HashMap<>();
            for (MessageInfo m : om.messages()) {
                before.put(m.uid(), m);
            }
            // James deletes the sources of a MOVE without \Deleted: mark them, then expunge exactly those.
            om.updateFlags(wanted, new FlagChange(FlagChange.Mode.ADD, SystemFlags.DELETED, Set.of()));
            for (long uid : om.expunge(wanted)) {
                MessageInfo m = before.get(uid);
                if (m != null) {
                    removed.put(MessageUid.of(uid), metaData(mailbox, m));
                }
            }
            return removed;
        } catch (IOException e) {
            throw failure("expunge", mailbox, e);
        }
    }

    MessageMetaData metaData(Mailbox mailbox, MessageInfo m) {
        MailtxtMailboxId id = (MailtxtMailboxId) mailbox.getMailboxId();
        MailtxtMessageId messageId = MailtxtMessageId.of(id, mailbox.getUidValidity().asLong(), m.uid());
        return new MessageMetaData(MessageUid.of(m.uid()), ModSeq.of(m.modSeq()), FlagMapping.toJames(m),
                m.rfc822Size(), Date.from(m.internalDate().instant()), Optional.of(Date.from(m.saveDate())), messageId,
                org.apache.james.mailbox.model.ThreadId.fromBaseMessageId(messageId));
    }

    @Override
    public MessageUid findFirstUnseenMessageUid(Mailbox mailbox) throws MailboxException {
        try {
            long uid = open(mailbox).firstUnseenUid();
            return uid < 0 ? null : MessageUid.of(uid);
        } catch (IOException e) {
            throw failure("status", mailbox, e);
        }
    }

    @Override
    public List<MessageUid> findRecentMessageUidsInMailbox(Mailbox mailbox) throws MailboxException {
        try {
            return open(mailbox).recentUids().stream().map(MessageUid::of).toList();
        } catch (IOException e) {
            throw failure("status", mailbox, e);
        }
    }

    @Override
    public List<UpdatedFlags> resetRecent(Mailbox mailbox) throws MailboxException {
        OpenMailbox om = open(mailbox);
        try {
            List<Long> claimed = om.claimRecent();
            if (claimed.isEmpty()) {
                return List.of();
            }
            Map<Long, MessageInfo> now = new HashMap<>();
            for (MessageInfo m : om.messages()) {
                now.put(m.uid(), m);
            }
            List<UpdatedFlags> out = new ArrayList<>();
            for (long uid : claimed) {
                MessageInfo m = now.get(uid);
                if (m == null) {
                    continue; // expunged by another session meanwhile
                }
                Flags newFlags = FlagMapping.toJames(m);
                Flags oldFlags = new Flags(newFlags);
                oldFlags.add(Flags.Flag.RECENT);
                out.add(UpdatedFlags.builder().uid(MessageUid.of(uid)).modSeq(ModSeq.of(m.modSeq())).oldFlags(oldFlags)
                        .newFlags(newFlags).build());
            }
            return out;
        } catch (IOException e) {
            throw failure("claiming \\Recent", mailbox, e);
        }
    }

    @Override
    public MessageMetaData add(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        MessageMetaData added = append(mailbox, message, !message.createFlags().contains(Flags.Flag.RECENT));
        message.setUid(added.getUid());
        message.setModSeq(added.getModSeq());
        return added;
    }

    /**
     * Appends a message's octets, flags and date; the message object itself is left as it was. {@code claimed}: the
     * message is not \Recent for anyone (see {@link #add}).
     */
    private MessageMetaData append(Mailbox mailbox, MailboxMessage message, boolean claimed)
            throws MailboxException {
        OpenMailbox om = open(mailbox);
        try (InputStream in = message.getFullContent()) {
            Flags f = message.createFlags();
            InternalDate date = InternalDate.of(message.getInternalDate().getTime() / 1000,
                    ZoneId.systemDefault().getRules().getOffset(message.getInternalDate().toInstant()).getTotalSeconds()
                            / 60);
            AppendResult r = om.append(List.of(new AppendRequest(in.readAllBytes(), Optional.of(date),
                    FlagMapping.systemBits(f), FlagMapping.keywords(f))));
            long uid = r.uids().get(0);
            if (claimed) {
                // James appends without \Recent when the appending session has this mailbox selected: that session
                // counts the message as recent itself, so no later SELECT (its own or another's) may see it again.
                om.claimRecent(List.of(uid));
            }
            MessageInfo m = om.messages().stream().filter(x -> x.uid() == uid).findFirst()
                    .orElseThrow(() -> new MailboxException("appended message " + uid + " vanished"));
            return metaData(mailbox, m);
        } catch (AppendRejectedException e) {
            throw new MailboxException(e.getMessage(), e);
        } catch (IOException e) {
            throw failure("append", mailbox, e);
        }
    }

    @Override
    public Iterator<UpdatedFlags> updateFlags(Mailbox mailbox, FlagsUpdateCalculator calculator, MessageRange range)
            throws MailboxException {
        OpenMailbox om = open(mailbox);
        List<MessageInfo> targets = infos(mailbox, range);
        Map<Long, UpdatedFlags> out = new TreeMap<>();
        try {
            Optional<FlagChange> delta = FlagDelta.of(calculator, targets);
            if (delta.isPresent()) {
                // +FLAGS / -FLAGS: one change the store applies to the current flags under its lock
                apply(om, targets, delta.get(), out);
                return out.values().iterator();
            }
            // FLAGS: group messages by the flags they end up with: one in-place rewrite and one fsync per group.
            Map<Flags, List<MessageInfo>> byNewFlags = new LinkedHashMap<>();
            for (MessageInfo m : targets) {
                Flags now = FlagMapping.withoutRecent(calculator.buildNewFlags(FlagMapping.toJames(m)));
                byNewFlags.computeIfAbsent(now, k -> new ArrayList<>()).add(m);
            }
            for (Map.Entry<Flags, List<MessageInfo>> e : byNewFlags.entrySet()) {
                apply(om, e.getValue(), new FlagChange(FlagChange.Mode.REPLACE, FlagMapping.systemBits(e.getKey()),
                        FlagMapping.keywords(e.getKey())), out);
            }
        } catch (IOException ex) {
            throw failure("flag change", mailbox, ex);
        }
        return out.values().iterator();
    }

    private static void apply(OpenMailbox om, List<MessageInfo> targets, FlagChange change,
                              Map<Long, UpdatedFlags> out) throws IOException {
        if (targets.isEmpty()) {
            return;
        }
        Map<Long, MessageInfo> changed = new HashMap<>();
        for (MessageInfo c : om.updateFlags(targets.stream().map(MessageInfo::uid).toList(), change)) {
            changed.put(c.uid(), c);
        }
        for (MessageInfo before : targets) {
            MessageInfo after = changed.getOrDefault(before.uid(), before);
            out.put(before.uid(), UpdatedFlags.builder().uid(MessageUid.of(before.uid()))
                    .modSeq(ModSeq.of(after.modSeq())).oldFlags(FlagMapping.toJames(before))
                    .newFlags(FlagMapping.toJames(after)).build());
        }
    }

    @Override
    public MessageMetaData copy(Mailbox mailbox, MailboxMessage original) throws MailboxException {
        return append(mailbox, original, false);
    }

    @Override
    public MessageMetaData move(Mailbox mailbox, MailboxMessage original) throws MailboxException {
        // The original is left untouched by the copy: its UID is the source's, the one to remove there.
        MessageMetaData copied = append(mailbox, original, false);
        MailtxtMailboxId source = (MailtxtMailboxId) original.getMailboxId();
        Mailbox from = new Mailbox(MailtxtMailboxMapper.pathOf(source), mailbox.getUidValidity(), source);
        deleteMessages(from, List.of(original.getUid()));
        return copied;
    }

    @Override
    public Optional<MessageUid> getLastUid(Mailbox mailbox) throws MailboxException {
        try {
            long next = open(mailbox).status().uidNext();
            return next > 1 ? Optional.of(MessageUid.of(next - 1)) : Optional.empty();
        } catch (IOException e) {
            throw failure("status", mailbox, e);
        }
    }

    @Override
    public ModSeq getHighestModSeq(Mailbox mailbox) throws MailboxException {
        try {
            return ModSeq.of(open(mailbox).status().highestModSeq());
        } catch (IOException e) {
            throw failure("status", mailbox, e);
        }
    }

    @Override
    public Flags getApplicableFlag(Mailbox mailbox) throws MailboxException {
        Flags f = new Flags();
        for (Flags.Flag s : new Flags.Flag[] {Flags.Flag.SEEN, Flags.Flag.DELETED, Flags.Flag.FLAGGED,
                Flags.Flag.ANSWERED, Flags.Flag.DRAFT}) {
            f.add(s);
        }
        try {
            for (String k : open(mailbox).status().keywords()) {
                f.add(k);
            }
        } catch (IOException e) {
            throw failure("status", mailbox, e);
        }
        return f;
    }

    @Override
    public Flux<MessageUid> listAllMessageUids(Mailbox mailbox) {
        return Flux.defer(() -> {
            try {
                return Flux.fromStream(java.util.Arrays.stream(open(mailbox).uids()).mapToObj(MessageUid::of));
            } catch (MailboxException e) {
                return Flux.error(e);
            } catch (IOException e) {
                return Flux.error(failure("listing UIDs", mailbox, e));
            }
        });
    }


}
