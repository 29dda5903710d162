package org.mailtxt.imap.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.mail.Flags;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MailboxSessionUtil;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.extractor.DefaultTextExtractor;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.mailstore.AppendRequest;
import org.mailtxt.mailstore.FlagChange;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailStoreConfig;
import org.mailtxt.mailstore.MessageGoneException;
import org.mailtxt.mailstore.OpenMailbox;
import org.mailtxt.mailstore.format.MailboxFormat;
import org.mailtxt.mailstore.format.SystemFlags;

/**
 * mailtxt's search index over real mailbox files: the hits it gives, and that they are exactly James's own
 * ({@link SimpleMessageSearchIndex} over the same mappers) for header, flag, UID, size and combined criteria,
 * including absent fields, folded and encoded fields, 8-bit headers and messages expunged meanwhile.
 */
class MailtxtSearchIndexTest {
    @TempDir
    Path dir;
    private MailStore store;
    private MailboxAccess access;
    private MailtxtMapperFactory factory;
    private MailtxtSearchIndex index;
    private SimpleMessageSearchIndex james;
    private MailboxSession session;
    private Mailbox mailbox;
    private OpenMailbox open;

    @BeforeEach
    void setUp() throws Exception {
        Path locks = Files.createDirectories(dir.resolve("locks"));
        store = MailStore.open(MailStoreConfig.defaults(dir.resolve("data")).withLockDirectory(locks));
        access = new MailboxAccess(store, new MailboxLayout(dir.resolve("mail")), MailboxFormat.MTX);
        factory = new MailtxtMapperFactory(access);
        DefaultTextExtractor text = new DefaultTextExtractor();
        index = new MailtxtSearchIndex(factory, text, (a, s) -> {
            throw new IOException("no attachments");
        });
        james = new SimpleMessageSearchIndex(factory, factory, text, (a, s) -> {
            throw new IOException("no attachments");
        });
        session = MailboxSessionUtil.create(Username.of("alice"));
        mailbox = factory.getMailboxMapper(session).create(MailboxPath.forUser(Username.of("alice"), "box"),
                UidValidity.of(7)).block();
        // held open as while an IMAP session has it selected (else it is closed after a few idle seconds)
        access.pin(this, (MailtxtMailboxId) mailbox.getMailboxId(), () -> true);
        open = access.open((MailtxtMailboxId) mailbox.getMailboxId());
    }

    @AfterEach
    void tearDown() throws IOException {
        access.close();
        store.close();
    }

    private long append(String message, int flags, String... keywords) throws Exception {
        return open.append(List.of(new AppendRequest(message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8),
                Optional.empty(), flags, Set.of(keywords)))).uids().get(0);
    }

    /** Appends many messages in one write (one fsync). */
    private List<Long> appendAll(List<String> messages) throws Exception {
        List<AppendRequest> batch = new ArrayList<>();
        for (String m : messages) {
            batch.add(AppendRequest.of(m.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
        }
        return open.append(batch).uids();
    }

    private static String message(String messageId, String subject) {
        return "From: Bob <bob@example.org>\nTo: alice@example.org\nMessage-ID: <" + messageId + ">\nSubject: "
                + subject + "\n\nbody of " + messageId + "\n";
    }

    private List<Long> search(SearchQuery query) throws Exception {
        return index.search(session, mailbox, query).map(MessageUid::asLong).collectList().block();
    }

    private List<Long> jamesSearch(SearchQuery query) throws Exception {
        return james.search(session, mailbox, query).map(MessageUid::asLong).collectList().block();
    }

    private static SearchQuery of(SearchQuery.Criterion... criteria) {
        return SearchQuery.builder().andCriteria(criteria).build();
    }

    @Test
    void headerSearchFindsTheOneMessageOfALargeMailboxWithThatMessageId() throws Exception {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            messages.add(message("m" + i + "@example.org", "number " + i));
        }
        List<Long> uids = appendAll(messages);
        SearchQuery q = of(SearchQuery.headerContains("Message-ID", "<m317@example.org>"));
        assertThat(search(q)).containsExactly(uids.get(317));
        assertThat(search(of(SearchQuery.headerContains("message-id", "M317@EXAMPLE.ORG")))).containsExactly(
                uids.get(317));
        assertThat(search(of(SearchQuery.headerContains("Subject", "number 4")))).hasSize(111)
                .isEqualTo(jamesSearch(of(SearchQuery.headerContains("Subject", "number 4"))));
        assertThat(search(of(SearchQuery.all()))).isEqualTo(uids);
    }

    @Test
    void aFieldTheMessagesDoNotHaveMatchesNothingAndExistsOnlyWhereItIs() throws Exception {
        long plain = append(message("a@x", "plain"), 0);
        long tagged = append("X-Tag: yes\n" + message("b@x", "tagged"), 0);
        append("X-Tagged-Not: no\n" + message("c@x", "near miss"), 0);
        assertThat(search(of(SearchQuery.headerContains("X-Missing", "a")))).isEmpty();
        assertThat(search(of(SearchQuery.headerExists("X-Missing")))).isEmpty();
        assertThat(search(of(SearchQuery.headerExists("X-Tag")))).containsExactly(tagged);
        assertThat(search(of(SearchQuery.headerContains("X-Tag", "yes")))).containsExactly(tagged);
        // the text is in another field of the message: no hit
        assertThat(search(of(SearchQuery.headerContains("Subject", "a@x")))).isEmpty();
        assertThat(search(of(SearchQuery.not(SearchQuery.headerExists("X-Tag"))))).doesNotContain(tagged)
                .contains(plain).hasSize(2);
    }

    @Test
    void foldedEncodedAndEightBitHeadersGiveJamessHits() throws Exception {
        long folded = append("Subject: a long\n subject line\n" + message("f@x", "x").replace("Subject: x\n", ""), 0);
        long encoded = append("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=\n"
                + message("e@x", "x").replace("Subject: x\n", ""), 0);
        long eightBit = append("Subject: Grüße aus Köln\n" + message("u@x", "x").replace("Subject: x\n", ""), 0);
        long split = append("Subject: =?UTF-8?Q?Gr=C3=BC?=\n =?UTF-8?Q?=C3=9Fe?=\n"
                + message("s@x", "x").replace("Subject: x\n", ""), 0);
        List<SearchQuery.Criterion> criteria = List.of(
                SearchQuery.headerContains("Subject", "long subject"),
                SearchQuery.headerContains("Subject", "LONG SUBJECT LINE"),
                SearchQuery.headerContains("Subject", "longsubject"),
                SearchQuery.headerContains("Subject", "Grüße"),
                SearchQuery.headerContains("Subject", "köln"),
                SearchQuery.headerContains("Subject", "aus"),
                SearchQuery.headerContains("Subject", "GRÜSSE"),
                SearchQuery.headerContains("Subject", "SS"),
                SearchQuery.headerContains("Subject", "=?UTF-8"),
                SearchQuery.headerContains("Subject", "C3"),
                SearchQuery.headerContains("Subject", ""),
                SearchQuery.headerContains("Subject", "line\r\n"),
                SearchQuery.address(SearchQuery.AddressType.From, "bob@example.org"),
                SearchQuery.address(SearchQuery.AddressType.To, "nobody"));
        for (SearchQuery.Criterion c : criteria) {
            assertThat(search(of(c))).as(c.toString()).isEqualTo(jamesSearch(of(c)));
        }
        assertThat(search(of(SearchQuery.headerContains("Subject", "long subject")))).containsExactly(folded);
        assertThat(search(of(SearchQuery.headerContains("Subject", "aus")))).containsExactly(encoded, eightBit);
        assertThat(search(of(SearchQuery.headerContains("Subject", "grüße")))).contains(encoded, split);
        assertThat(search(of(SearchQuery.address(SearchQuery.AddressType.From, "bob@example.org"))))
                .containsExactly(folded, encoded, eightBit, split);
    }

    @Test
    void flagUidSizeAndCombinedCriteriaGiveJamessHits() throws Exception {
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int flags = (i % 2 == 0 ? SystemFlags.SEEN : 0) | (i % 3 == 0 ? SystemFlags.FLAGGED : 0)
                    | (i % 7 == 0 ? SystemFlags.DELETED : 0);
            String body = "x".repeat(i * 10);
            uids.add(i % 5 == 0 ? append(message("k" + i + "@x", body), flags, "$Work")
                    : append(message("k" + i + "@x", body), flags));
        }
        long size = open.messages().get(10).rfc822Size();
        SearchQuery.UidRange firstTen = new SearchQuery.UidRange(MessageUid.of(uids.get(0)), MessageUid.of(uids.get(9)));
        List<SearchQuery.Criterion> criteria = List.of(
                SearchQuery.flagIsSet(Flags.Flag.SEEN),
                SearchQuery.flagIsUnSet(Flags.Flag.SEEN),
                SearchQuery.flagIsSet(Flags.Flag.FLAGGED),
                SearchQuery.flagIsSet(Flags.Flag.DELETED),
                SearchQuery.flagIsSet(Flags.Flag.ANSWERED),
                SearchQuery.flagIsSet(Flags.Flag.DRAFT),
                SearchQuery.flagIsSet(Flags.Flag.RECENT),
                SearchQuery.flagIsUnSet(Flags.Flag.RECENT),
                SearchQuery.flagIsSet("$Work"),
                SearchQuery.flagIsSet("$work"),
                SearchQuery.flagIsUnSet("$Work"),
                SearchQuery.uid(firstTen),
                SearchQuery.sizeGreaterThan(size),
                SearchQuery.sizeLessThan(size),
                SearchQuery.sizeEquals(size),
                SearchQuery.modSeqGreaterThan(10),
                SearchQuery.internalDateBefore(new Date(System.currentTimeMillis() + 86_400_000L),
                        SearchQuery.DateResolution.Day),
                SearchQuery.or(SearchQuery.flagIsSet(Flags.Flag.FLAGGED), SearchQuery.headerContains("Message-ID",
                        "k21@")),
                SearchQuery.and(SearchQuery.uid(firstTen), SearchQuery.flagIsSet(Flags.Flag.SEEN)),
                SearchQuery.not(SearchQuery.or(SearchQuery.flagIsSet(Flags.Flag.SEEN),
                        SearchQuery.flagIsSet(Flags.Flag.FLAGGED))),
                SearchQuery.not(SearchQuery.headerContains("Message-ID", "k3")),
                SearchQuery.bodyContains("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        for (SearchQuery.Criterion c : criteria) {
            assertThat(search(of(c))).as(c.toString()).isEqualTo(jamesSearch(of(c)));
        }
        SearchQuery recent = SearchQuery.builder().andCriteria(SearchQuery.flagIsSet(Flags.Flag.RECENT))
                .addRecentMessageUids(List.of(MessageUid.of(uids.get(3)), MessageUid.of(uids.get(4)))).build();
        assertThat(search(recent)).containsExactly(uids.get(3), uids.get(4)).isEqualTo(jamesSearch(recent));
        assertThat(search(of(SearchQuery.flagIsSet(Flags.Flag.SEEN)))).hasSize(20);
        assertThat(search(of(SearchQuery.uid(firstTen), SearchQuery.flagIsSet(Flags.Flag.FLAGGED))))
                .containsExactly(uids.get(0), uids.get(3), uids.get(6), uids.get(9));
        assertThat(search(of(SearchQuery.flagIsSet("$Work")))).containsExactly(uids.get(0), uids.get(5),
                uids.get(10), uids.get(15), uids.get(20), uids.get(25), uids.get(30), uids.get(35));
    }

    @Test
    void aMessageExpungedBeforeTheSearchIsNoHitAndTheSearchSucceeds() throws Exception {
        long keep = append(message("keep@x", "same subject"), 0);
        long gone = append(message("gone@x", "same subject"), 0);
        // another session of the server expunges it; this session's search runs afterwards
        open.updateFlags(List.of(gone), new FlagChange(FlagChange.Mode.ADD, SystemFlags.DELETED, Set.of()));
        open.expunge(List.of(gone));
        assertThat(search(of(SearchQuery.headerContains("Subject", "same subject")))).containsExactly(keep);
        assertThat(search(of(SearchQuery.headerContains("Message-ID", "gone@x")))).isEmpty();
        assertThat(search(of(SearchQuery.all()))).containsExactly(keep);
    }

    @Test
    void theHeaderOfAMessageNoLongerKeptIsReportedAsGone() throws Exception {
        long keep = append(message("keep@x", "s"), 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> open.header(keep + 1000))
                .isInstanceOf(MessageGoneException.class).hasMessageContaining("UID " + (keep + 1000));
        assertThat(new String(open.header(keep), StandardCharsets.UTF_8)).startsWith("From: Bob")
                .endsWith("Subject: s\r\n\r\n");
    }

    @Test
    void aHeaderReadBeforeAnExpungeMovedTheMessageIsStillItsHeaderAfterwards() throws Exception {
        long first = append(message("first@x", "one"), 0);
        long second = append(message("second@x", "two"), 0);
        long third = append("X-Long: " + "y".repeat(3000) + "\n" + message("third@x", "three"), 0);
        byte[] before = open.header(third);
        open.updateFlags(List.of(first, second), new FlagChange(FlagChange.Mode.ADD, SystemFlags.DELETED, Set.of()));
        open.expunge(List.of(first, second));
        assertThat(open.header(third)).isEqualTo(before);
        assertThat(new String(open.header(third), StandardCharsets.UTF_8)).contains("<third@x>")
                .endsWith("Subject: three\r\n\r\n");
        assertThat(search(of(SearchQuery.headerContains("X-Long", "yyyy")))).containsExactly(third);
    }

    @Test
    void sortedSearchesAreLeftToJames() throws Exception {
        long b = append(message("1@x", "b"), 0);
        long a = append(message("2@x", "a"), 0);
        SearchQuery bySubject = SearchQuery.builder().andCriteria(SearchQuery.all())
                .sorts(new SearchQuery.Sort(SearchQuery.Sort.SortClause.BaseSubject)).build();
        assertThat(search(bySubject)).containsExactly(a, b);
    }
}
