package org.mailtxt.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailtxt.mailstore.format.SystemFlags.DELETED;
import static org.mailtxt.mailstore.format.SystemFlags.FLAGGED;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailtxt.mailstore.AppendRequest;
import org.mailtxt.mailstore.FlagChange;
import org.mailtxt.mailstore.MailboxChange;
import org.mailtxt.mailstore.MailboxInUseException;
import org.mailtxt.mailstore.MessageInfo;
import org.mailtxt.mailstore.OpenMailbox;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * Issue 3 acceptance, c-client side, while mailboxes are open: the mailstore and real c-client processes exclude each
 * other's expunges (spec/c-client-locking.md §9 scenarios 4 and 6) and the mailstore's listeners hear of deliveries
 * and flag changes made by c-client (scenarios 2, 3 and 13).
 */
class MailstoreLiveInteropTest extends CClientStoreTest {

    @ParameterizedTest
    @EnumSource(MailboxFormat.class)
    void cClientsPruneIsRefusedWhileMailtxtHasTheMailboxOpenAndPurgesAfterItCloses(MailboxFormat format)
            throws Exception {
        Path box = threeMessages("prune", format, DELETED);
        String name = cc.nameOf(box);
        long size;
        try (OpenMailbox m = store.open(box, false)) {
            size = Files.size(box);
            String refused = tools.mailutil("prune", name, "deleted");
            assertThat(refused).contains("Can't expunge because mailbox is in use by another process",
                    "0 message(s) purged");
            assertThat(Files.size(box)).isEqualTo(size);
            assertThat(m.messages()).hasSize(3);
        }
        assertThat(tools.mailutil("prune", name, "deleted")).contains("1 message(s) purged")
                .doesNotContain("in use");
        assertThat(Files.size(box)).isLessThan(size);
        assertThat(StoredRecords.read(box)).extracting(StoredRecords.Record::messageId)
                .containsExactly("<m1@mailtxt.test>", "<m3@mailtxt.test>");
    }

    @ParameterizedTest
    @EnumSource(MailboxFormat.class)
    void mailtxtsExpungeIsRefusedWhileACClientProcessHasTheMailboxOpenAndWorksAfterItCloses(MailboxFormat format)
            throws Exception {
        Path box = threeMessages("held", format, 0);
        try (CClientHolder holder = new CClientHolder(cc); OpenMailbox m = store.open(box, false)) {
            assertThat(holder.call("open " + cc.nameOf(box))).isEqualTo("ok 3");
            long second = m.messages().get(1).uid();
            m.updateFlags(List.of(second), new FlagChange(FlagChange.Mode.ADD, DELETED, Set.of()));
            byte[] before = Files.readAllBytes(box);

            assertThatThrownBy(() -> m.expunge(null)).isInstanceOfSatisfying(MailboxInUseException.class,
                    e -> assertThat(e.holders()).anySatisfy(h -> assertThat(h.pid()).isEqualTo(holder.pid())));
            assertThat(Files.readAllBytes(box)).isEqualTo(before);
            assertThat(m.messages()).hasSize(3);
            assertThat(holder.call("ping")).isEqualTo("ok 3");

            assertThat(holder.call("close")).isEqualTo("ok");
            assertThat(m.expunge(null)).containsExactly(second);
            assertThat(StoredRecords.read(box)).extracting(StoredRecords.Record::messageId)
                    .containsExactly("<m1@mailtxt.test>", "<m3@mailtxt.test>");
        }
        assertThat(tools.mailutil("check", cc.nameOf(box))).contains("2 total in " + cc.nameOf(box));
    }

    @ParameterizedTest
    @EnumSource(MailboxFormat.class)
    void aDmailDeliveryIntoAnOpenMailboxReachesTheListenerWithinASecond(MailboxFormat format) throws Exception {
        Path box = threeMessages("dmail", format, 0);
        try (OpenMailbox m = store.open(box, false)) {
            long highest = m.messages().get(2).uid();
            List<MailboxChange> changes = new CopyOnWriteArrayList<>();
            m.addListener(changes::add);
            assertThat(tools.dmail(cc.nameOf(box), CClientMail.message("<dm@mailtxt.test>", "via dmail", "hi\r\n")))
                    .contains("delivered to " + box);
            MessageInfo added = awaitAddition(changes, Duration.ofSeconds(1));
            assertThat(added.uid()).isGreaterThan(highest);
            assertThat(added.recent()).isTrue();
            assertThat(StoredRecords.messageIdOf(m.content(added.uid()))).isEqualTo("<dm@mailtxt.test>");
            assertThat(m.messages()).hasSize(4).last().isEqualTo(added);
        }
    }

    @Test
    void aTmailDeliveryIntoTheOpenMtxInboxReachesTheListenerWithinASecond() throws Exception {
        Path inbox = cc.home.resolve("INBOX.MTX");
        for (String other : List.of("INBOX.MTX", "INBOX", "mail.txt", "mbox")) {
            assertThat(cc.home.resolve(other)).as("tmail must deliver to a test-made INBOX.MTX; remove the leftover")
                    .doesNotExist();
        }
        Files.createFile(inbox);
        try {
            cc.chown(inbox);
            Files.setPosixFilePermissions(inbox, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            try (OpenMailbox m = store.open(inbox, true)) {
                assertThat(m.format()).isEqualTo(MailboxFormat.MTX);
                long first = m.append(List.of(AppendRequest.of(CClientMail.message("<i1@mailtxt.test>", "one",
                        "1\r\n")))).uids().get(0);
                List<MailboxChange> changes = new CopyOnWriteArrayList<>();
                m.addListener(changes::add);
                assertThat(tools.tmailAsRoot(CClientMail.message("<tm@mailtxt.test>", "via tmail", "hi\r\n")))
                        .contains("delivered to " + inbox);
                MessageInfo added = awaitAddition(changes, Duration.ofSeconds(1));
                assertThat(added.uid()).isGreaterThan(first);
                assertThat(added.recent()).isTrue();
                assertThat(StoredRecords.messageIdOf(m.content(added.uid()))).isEqualTo("<tm@mailtxt.test>");
                assertThat(StoredRecords.read(inbox)).extracting(StoredRecords.Record::messageId)
                        .containsExactly("<i1@mailtxt.test>", "<tm@mailtxt.test>");
            }
        } finally {
            Files.deleteIfExists(inbox);
        }
    }

    @ParameterizedTest
    @EnumSource(MailboxFormat.class)
    void aFlagChangeByACClientProcessReachesTheListener(MailboxFormat format) throws Exception {
        Path box = threeMessages("flags", format, 0);
        try (CClientHolder holder = new CClientHolder(cc); OpenMailbox m = store.open(box, false)) {
            List<Long> uids = m.messages().stream().map(MessageInfo::uid).toList();
            List<MailboxChange> changes = new CopyOnWriteArrayList<>();
            m.addListener(changes::add);
            assertThat(holder.call("open " + cc.nameOf(box))).isEqualTo("ok 3");
            assertThat(holder.call("setflag 2 \\Flagged")).isEqualTo("ok");
            Await.until(Duration.ofSeconds(2), () -> changes.stream().anyMatch(c -> c.external()
                    && c.flagsChanged().stream().anyMatch(i -> i.uid() == uids.get(1) && i.has(FLAGGED))),
                    "the listener to report \\Flagged on UID " + uids.get(1));
            assertThat(changes).allSatisfy(c -> assertThat(c.added()).isEmpty())
                    .allSatisfy(c -> assertThat(c.expunged()).isEmpty())
                    .allSatisfy(c -> assertThat(c.flagsChanged()).allMatch(i -> i.uid() == uids.get(1)));
            assertThat(m.messages()).extracting(i -> i.has(FLAGGED)).containsExactly(false, true, false);
            assertThat(StoredRecords.read(box).get(1).systemFlags() & FLAGGED).isEqualTo(FLAGGED);
        }
    }

    private Path threeMessages(String name, MailboxFormat format, int secondFlags) throws Exception {
        Path box = cc.work.resolve(name + "." + format.name().toLowerCase());
        store.create(box, format);
        cc.chown(box);
        try (OpenMailbox m = store.open(box, false)) {
            m.append(List.of(AppendRequest.of(CClientMail.message("<m1@mailtxt.test>", "m1", "1\r\n")),
                    new AppendRequest(CClientMail.message("<m2@mailtxt.test>", "m2", "2\r\n"), Optional.empty(),
                            secondFlags, Set.of()),
                    AppendRequest.of(CClientMail.message("<m3@mailtxt.test>", "m3", "3\r\n"))));
        }
        return box;
    }

    /** Waits (bounded, measured from now) for one external change adding exactly one message; returns it. */
    private static MessageInfo awaitAddition(List<MailboxChange> changes, Duration limit) throws Exception {
        Await.until(limit, () -> changes.stream().anyMatch(c -> !c.added().isEmpty()),
                "the listener to hear of the delivery");
        List<MailboxChange> adding = changes.stream().filter(c -> !c.added().isEmpty()).toList();
        assertThat(adding).hasSize(1);
        assertThat(adding.get(0).external()).isTrue();
        assertThat(adding.get(0).added()).hasSize(1);
        return adding.get(0).added().get(0);
    }
}
