package org.mailtxt.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailtxt.mailstore.format.SystemFlags.ANSWERED;
import static org.mailtxt.mailstore.format.SystemFlags.DELETED;
import static org.mailtxt.mailstore.format.SystemFlags.DRAFT;
import static org.mailtxt.mailstore.format.SystemFlags.FLAGGED;
import static org.mailtxt.mailstore.format.SystemFlags.OLD;
import static org.mailtxt.mailstore.format.SystemFlags.SEEN;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailtxt.mailstore.AppendRequest;
import org.mailtxt.mailstore.FlagChange;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailStoreConfig;
import org.mailtxt.mailstore.MessageInfo;
import org.mailtxt.mailstore.OpenMailbox;
import org.mailtxt.mailstore.format.InternalDate;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * Issue 3 acceptance, c-client side, for file contents: what the mailstore writes, the real c-client reads the same
 * (spec/c-client-locking.md §9 scenarios 1 and 11), and what c-client's mailutil/dmail write, the mailstore reads the
 * same; UIDs survive an expunge done by c-client. "What c-client sees" is taken from c-client itself: {@code mailutil
 * check} for the counts and {@code mailutil copy NAME "#driver.mtx/COPY"}, which writes c-client's view of every
 * message (internal date as c-client re-prints it, system flags, CR LF text) into a new file.
 */
class MailstoreFilesInteropTest extends CClientStoreTest {

    @ParameterizedTest
    @EnumSource(MailboxFormat.class)
    void aMailboxWrittenByMailtxtIsReadByCClientWithTheSameCountsMessagesFlagsAndDates(MailboxFormat format)
            throws Exception {
        Path box = createdByMailtxt("written." + format.name().toLowerCase(), format);
        byte[] m1 = CClientMail.message("<w1@mailtxt.test>", "one", "first line\r\nsecond line\r\n");
        byte[] m2 = CClientMail.message("<w2@mailtxt.test>", "two", "b\r\n");
        byte[] m3 = CClientMail.message("<w3@mailtxt.test>", "three, to be expunged", "c\r\n");
        byte[] m4 = CClientMail.message("<w4@mailtxt.test>", "four, dated now", "d\r\n\r\n-- \r\nsig\r\n");
        byte[] m5 = CClientMail.message("<w5@mailtxt.test>", "five", "e\r\n");
        List<MessageInfo> after;
        List<Long> uids;
        Map<Long, byte[]> texts = new LinkedHashMap<>();
        try (OpenMailbox m = store.open(box, false)) {
            uids = m.append(List.of(
                    dated(m1, "02-Jan-2024 03:04:05 -0800", SEEN | FLAGGED),
                    dated(m2, "14-Feb-2024 15:16:17 +0530", 0),
                    dated(m3, "10-Mar-2024 23:59:59 +0000", DELETED | ANSWERED),
                    new AppendRequest(m4, Optional.empty(), DRAFT, Set.of()),
                    dated(m5, "1-Jun-2024 08:09:10 -0500", ANSWERED | SEEN))).uids();
            m.updateFlags(List.of(uids.get(1)), new FlagChange(FlagChange.Mode.ADD, SEEN, Set.of()));
            m.updateFlags(List.of(uids.get(4)), new FlagChange(FlagChange.Mode.REMOVE, SEEN, Set.of()));
            assertThat(m.expunge(null)).containsExactly(uids.get(2));
            after = m.messages();
            for (MessageInfo i : after) {
                texts.put(i.uid(), m.content(i.uid()));
            }
        }
        assertThat(after).extracting(MessageInfo::uid)
                .containsExactly(uids.get(0), uids.get(1), uids.get(3), uids.get(4));
        assertThat(new ArrayList<>(texts.values())).containsExactly(m1, m2, m4, m5);

        // c-client's counts: new = records without the old bit (1 and 4; 2 and 5 had flags written), unseen = 2
        assertThat(tools.mailutil("check", cc.nameOf(box)).strip())
                .isEqualTo("2 new message(s) (2 unseen), 4 total in " + cc.nameOf(box));
        assertThat(StoredRecords.read(box)).extracting(StoredRecords.Record::systemFlags)
                .containsExactly(SEEN | FLAGGED, SEEN | OLD, DRAFT, ANSWERED | OLD);

        List<StoredRecords.Record> seen = cClientsView(box);
        assertThat(seen).hasSize(4);
        for (int k = 0; k < 4; k++) {
            MessageInfo mine = after.get(k);
            StoredRecords.Record theirs = seen.get(k);
            assertThat(theirs.date()).as("date of message %d", k + 1).isEqualTo(mine.internalDate().normalized().text());
            assertThat(theirs.systemFlags()).as("flags of message %d", k + 1).isEqualTo(mine.systemFlags() & ~OLD);
            assertThat(theirs.text()).as("text of message %d", k + 1).isEqualTo(texts.get(mine.uid()));
            assertThat((long) theirs.size()).as("RFC822.SIZE of message %d", k + 1).isEqualTo(mine.rfc822Size());
        }
        assertThat(seen).extracting(StoredRecords.Record::date).element(0).isEqualTo(" 2-Jan-2024 03:04:05 -0800");
        assertThat(seen).extracting(StoredRecords.Record::date).element(1).isEqualTo("14-Feb-2024 15:16:17 +0530");
        assertThat(seen).extracting(StoredRecords.Record::date).element(3).isEqualTo(" 1-Jun-2024 08:09:10 -0500");
        assertThat(seen).extracting(StoredRecords.Record::systemFlags)
                .containsExactly(SEEN | FLAGGED, SEEN, DRAFT, ANSWERED);
    }

    @ParameterizedTest
    @EnumSource(MailboxFormat.class)
    void aMessageAppendedByMailtxtIsNewForCClientUntilMailtxtClaimsItsRecentFlag(MailboxFormat format)
            throws Exception {
        Path box = createdByMailtxt("recent." + format.name().toLowerCase(), format);
        String name = cc.nameOf(box);
        try (OpenMailbox m = store.open(box, false)) {
            long uid = m.append(List.of(AppendRequest.of(CClientMail.message("<r1@mailtxt.test>", "r", "x\r\n"))))
                    .uids().get(0);
            assertThat(tools.mailutil("check", name).strip()).isEqualTo("1 new message(s) (1 unseen), 1 total in " + name);
            assertThat(m.claimRecent()).containsExactly(uid);
            assertThat(tools.mailutil("check", name).strip()).isEqualTo("0 new message(s) (1 unseen), 1 total in " + name);
        }
        assertThat(StoredRecords.read(box)).extracting(StoredRecords.Record::systemFlags).containsExactly(OLD);
    }

    @ParameterizedTest
    @EnumSource(MailboxFormat.class)
    void aMailboxWrittenByMailutilAndDmailIsReadByMailtxtWithTheSameTextsFlagsAndDates(MailboxFormat format)
            throws Exception {
        Path box = cc.work.resolve("cclient." + format.name().toLowerCase());
        String name = cc.nameOf(box);
        String forced = "#driver." + format.name().toLowerCase() + "/" + name;
        assertThat(tools.mailutil("create", forced)).isBlank();
        for (String src : List.of("src1.mbox", "src2.mbox")) {
            assertThat(tools.mailutil("append", cc.nameOf(tools.resource(src)), forced))
                    .doesNotContain("failed", "Can't", "rror");
        }
        byte[] lfOnly = "Subject: via dmail\nMessage-ID: <dmail-1@mailtxt.test>\n\nbody line\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(tools.dmail(name, lfOnly, "-s")).contains("delivered to " + box);

        List<StoredRecords.Record> stored = StoredRecords.read(box);
        List<StoredRecords.Record> seen = cClientsView(box);
        assertThat(stored).hasSize(7);
        assertThat(seen).hasSize(7);
        List<MessageInfo> mine;
        List<byte[]> texts = new ArrayList<>();
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.format()).isEqualTo(format);
            mine = m.messages();
            for (MessageInfo i : mine) {
                texts.add(m.content(i.uid()));
            }
        }
        assertThat(mine).hasSize(7);
        for (int k = 0; k < 7; k++) {
            MessageInfo i = mine.get(k);
            String what = "message " + (k + 1);
            assertThat(i.internalDate().text()).as("stored date of %s", what).isEqualTo(stored.get(k).date());
            assertThat(i.internalDate().normalized().text()).as("c-client's date of %s", what)
                    .isEqualTo(seen.get(k).date());
            assertThat(i.systemFlags()).as("flags of %s", what).isEqualTo(stored.get(k).systemFlags());
            assertThat(i.systemFlags() & ~OLD).as("c-client's flags of %s", what).isEqualTo(seen.get(k).systemFlags());
            assertThat(i.recent()).as("%s was appended by c-client and never opened read-write", what).isTrue();
            assertThat(texts.get(k)).as("text of %s", what).isEqualTo(stored.get(k).crlfText())
                    .isEqualTo(seen.get(k).text());
            assertThat(i.rfc822Size()).as("RFC822.SIZE of %s", what).isEqualTo(seen.get(k).text().length);
        }
        // what the sources say (fixtures/README.md), independent of both readers
        assertThat(mine).extracting(i -> i.internalDate().text()).startsWith(" 2-Jan-2024 03:04:05 -0800",
                "14-Feb-2024 15:16:17 +0530", "10-Mar-2024 23:59:59 +0000", " 1-Apr-2024 00:00:00 +0000",
                "31-May-2024 12:00:00 +0200", " 1-Jun-2024 08:09:10 -0500");
        assertThat(mine).extracting(i -> i.internalDate().epochSecond()).startsWith(
                epoch("2024-01-02T03:04:05-08:00"), epoch("2024-02-14T15:16:17+05:30"),
                epoch("2024-03-10T23:59:59Z"), epoch("2024-04-01T00:00:00Z"), epoch("2024-05-31T12:00:00+02:00"),
                epoch("2024-06-01T08:09:10-05:00"));
        assertThat(mine).extracting(i -> i.internalDate().zoneOffsetMinutes()).startsWith(-480, 330, 0, 0, 120, -300);
        assertThat(mine).extracting(MessageInfo::systemFlags).containsExactly(0, SEEN | FLAGGED,
                DELETED | ANSWERED | DRAFT, SEEN, 0, ANSWERED, SEEN);
        assertThat(mine.get(6).internalDate().text()).as("dmail dates 'now' with a zero-padded day")
                .matches("\\d\\d-[A-Z][a-z]{2}-\\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}");
        assertThat(new String(texts.get(6), StandardCharsets.US_ASCII)).startsWith("Received: via dmail")
                .endsWith("Message-ID: <dmail-1@mailtxt.test>\r\n\r\nbody line\r\n");
        assertThat(new String(texts.get(0), StandardCharsets.US_ASCII)).startsWith("From: Alice <alice@example.org>\r\n")
                .endsWith("\r\n\r\nHello,\r\n\r\nthis is the first message.\r\n");

        // scenario 11, converse: once a c-client read-write session has parsed them, they are no longer \Recent
        assertThat(tools.mailutil("prune", name, "larger 1000000")).contains("No matching messages, so nothing purged");
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.messages()).extracting(MessageInfo::uid)
                    .containsExactlyElementsOf(mine.stream().map(MessageInfo::uid).toList());
            assertThat(m.messages()).noneMatch(MessageInfo::recent).allMatch(i -> i.has(OLD));
        }
    }

    @ParameterizedTest
    @EnumSource(MailboxFormat.class)
    void uidsSurviveAnExpungeByCClientWhileMailtxtHasTheMailboxClosed(MailboxFormat format) throws Exception {
        Path box = createdByMailtxt("stable." + format.name().toLowerCase(), format);
        String name = cc.nameOf(box);
        List<Long> uids;
        long validity;
        try (OpenMailbox m = store.open(box, false)) {
            var r = m.append(List.of(
                    dated(CClientMail.message("<s1@mailtxt.test>", "s1", "1\r\n"), "02-Jan-2024 03:04:05 -0800", 0),
                    dated(CClientMail.message("<s2@mailtxt.test>", "s2", "2\r\n"), "03-Jan-2024 03:04:05 -0800",
                            DELETED),
                    dated(CClientMail.message("<s3@mailtxt.test>", "s3", "3\r\n"), "04-Jan-2024 03:04:05 -0800", 0),
                    dated(CClientMail.message("<s4@mailtxt.test>", "s4", "4\r\n"), "05-Jan-2024 03:04:05 -0800", 0)));
            uids = r.uids();
            validity = r.uidValidity();
        }
        assertThat(tools.mailutil("prune", name, "deleted")).contains("1 message(s) purged");
        assertThat(StoredRecords.read(box)).extracting(StoredRecords.Record::messageId)
                .containsExactly("<s1@mailtxt.test>", "<s3@mailtxt.test>", "<s4@mailtxt.test>");

        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.status().uidValidity()).isEqualTo(validity);
            assertThat(byMessageId(m)).containsExactly(Map.entry("<s1@mailtxt.test>", uids.get(0)),
                    Map.entry("<s3@mailtxt.test>", uids.get(2)), Map.entry("<s4@mailtxt.test>", uids.get(3)));
            assertThat(m.status().uidNext()).isGreaterThan(uids.get(3));
        }

        // the same across a restart of the store, with a delivery by c-client in between
        store.close();
        store = null;
        assertThat(tools.dmail(name, CClientMail.message("<s5@mailtxt.test>", "s5", "5\r\n")))
                .contains("delivered to " + box);
        store = MailStore.open(MailStoreConfig.defaults(tmp.resolve("data")));
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.status().uidValidity()).isEqualTo(validity);
            Map<String, Long> now = byMessageId(m);
            assertThat(now).containsEntry("<s1@mailtxt.test>", uids.get(0))
                    .containsEntry("<s3@mailtxt.test>", uids.get(2)).containsEntry("<s4@mailtxt.test>", uids.get(3))
                    .doesNotContainValue(uids.get(1)).hasSize(4);
            assertThat(now.get("<s5@mailtxt.test>")).isGreaterThan(uids.get(3));
        }
    }

    /**
     * c-client's expunge moves later records down over the gap, so a survivor can land at the offset where an expunged
     * message with the same date and size used to be. It is still another message and must keep its own UID; the
     * expunged one's UID must be gone (a UID never names other content, RFC 3501 §2.3.1.1).
     */
    @ParameterizedTest
    @EnumSource(MailboxFormat.class)
    void aSurvivorMovedOntoAnExpungedMessageWithTheSameDateAndSizeKeepsItsOwnUid(MailboxFormat format)
            throws Exception {
        Path box = createdByMailtxt("twins." + format.name().toLowerCase(), format);
        String sameDate = "06-Jan-2024 10:00:00 +0000";
        List<Long> uids;
        try (OpenMailbox m = store.open(box, false)) {
            uids = m.append(List.of(
                    dated(CClientMail.message("<t1@mailtxt.test>", "twin A", "same size\r\n"), sameDate, DELETED),
                    dated(CClientMail.message("<t2@mailtxt.test>", "twin B", "same size\r\n"), sameDate, 0),
                    dated(CClientMail.message("<t3@mailtxt.test>", "other", "x\r\n"), "07-Jan-2024 10:00:00 +0000",
                            0))).uids();
        }
        assertThat(tools.mailutil("prune", cc.nameOf(box), "deleted")).contains("1 message(s) purged");
        assertThat(StoredRecords.read(box)).extracting(StoredRecords.Record::messageId)
                .containsExactly("<t2@mailtxt.test>", "<t3@mailtxt.test>");

        try (OpenMailbox m = store.open(box, false)) {
            assertThat(byMessageId(m)).containsExactly(Map.entry("<t2@mailtxt.test>", uids.get(1)),
                    Map.entry("<t3@mailtxt.test>", uids.get(2)));
        }
    }

    private Path createdByMailtxt(String file, MailboxFormat format) throws Exception {
        Path box = cc.work.resolve(file);
        store.create(box, format);
        cc.chown(box);
        return box;
    }

    /** c-client's view of every message: mailutil copies them, as c-client reads them, into a new mtx file. */
    private List<StoredRecords.Record> cClientsView(Path box) throws Exception {
        Path copy = cc.work.resolve(box.getFileName() + ".copy");
        String out = tools.mailutil("copy", cc.nameOf(box), "#driver.mtx/" + cc.nameOf(copy));
        assertThat(out).as("mailutil copy output").isBlank();
        return StoredRecords.read(copy);
    }

    private static Map<String, Long> byMessageId(OpenMailbox m) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (MessageInfo i : m.messages()) {
            out.put(StoredRecords.messageIdOf(m.content(i.uid())), i.uid());
        }
        return out;
    }

    private static AppendRequest dated(byte[] text, String date, int flags) throws Exception {
        return new AppendRequest(text, Optional.of(InternalDate.forAppend(date)), flags, Set.of());
    }

    private static long epoch(String iso) {
        return OffsetDateTime.parse(iso).toEpochSecond();
    }
}
