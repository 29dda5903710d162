package org.mailtxt.mailstore.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailtxt.mailstore.index.Fixtures.INBOX;
import static org.mailtxt.mailstore.index.Fixtures.snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailtxt.mailstore.index.IndexException.Kind;

class KeywordTableTest {

    @TempDir
    Path dir;
    MailboxIndex index;

    @BeforeEach
    void open() throws IndexException {
        index = H2MailboxIndex.open(dir);
        index.create(INBOX, 7, snapshot(0));
    }

    @AfterEach
    void close() throws IndexException {
        index.close();
    }

    @Test
    void keywordsGetNumbersInOrderAndKeepThem() throws IndexException {
        assertThat(index.defineKeyword(INBOX, "$Forwarded")).isZero();
        assertThat(index.defineKeyword(INBOX, "$Junk")).isEqualTo(1);
        assertThat(index.defineKeyword(INBOX, "$Forwarded")).isZero();

        KeywordTable table = index.load(INBOX).orElseThrow().keywords();
        assertThat(table.names()).containsExactly("$Forwarded", "$Junk");
        assertThat(table.numberOf("$junk")).hasValue(1);
        assertThat(table.nameOf(1)).contains("$Junk");
        assertThat(table.nameOf(2)).isEmpty();
    }

    @Test
    void namesDifferingOnlyInCaseAreOneKeyword() throws IndexException {
        int junk = index.defineKeyword(INBOX, "$Junk");

        assertThat(index.defineKeyword(INBOX, "$JUNK")).isEqualTo(junk);
        assertThat(index.defineKeyword(INBOX, "$junk")).isEqualTo(junk);
        assertThat(index.load(INBOX).orElseThrow().keywords().names()).containsExactly("$Junk");
        assertThatThrownBy(() -> new KeywordTable(List.of("Work", "WORK")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appears twice");
    }

    @Test
    void theThirtyFirstKeywordIsRefusedButKnownOnesStillResolve() throws IndexException {
        for (int k = 0; k < KeywordTable.MAX_KEYWORDS; k++) {
            assertThat(index.defineKeyword(INBOX, "kw" + k)).isEqualTo(k);
        }

        assertThatThrownBy(() -> index.defineKeyword(INBOX, "one-too-many"))
                .isInstanceOfSatisfying(IndexException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.KEYWORD_TABLE_FULL);
                    assertThat(e).hasMessageContaining("all 30 user-flag bits").hasMessageContaining("one-too-many");
                });
        assertThat(index.defineKeyword(INBOX, "KW29")).isEqualTo(29);
        KeywordTable table = index.load(INBOX).orElseThrow().keywords();
        assertThat(table.isFull()).isTrue();
        assertThat(table.size()).isEqualTo(30);
    }

    @Test
    void keywordTablesBelongToOneMailbox() throws IndexException {
        index.create("/srv/mail/u/mail/sent", 1, snapshot(0));
        index.defineKeyword(INBOX, "Work");

        assertThat(index.defineKeyword("/srv/mail/u/mail/sent", "Home")).isZero();
        assertThat(index.load("/srv/mail/u/mail/sent").orElseThrow().keywords().names()).containsExactly("Home");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "a,b", "(x", "x)", "{x", "100%", "a*", "say\"", "back\\slash", "x]",
            "tab\t", "caf\u00e9", "\\Seen", "an-extremely-long-keyword-name-that-c-client-cannot-list"})
    void invalidKeywordNamesAreRefusedWithTheReason(String name) {
        assertThatThrownBy(() -> index.defineKeyword(INBOX, name))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyword");
    }

    @Test
    void aTableOfMoreThanThirtyNamesCannotBeBuilt() {
        List<String> names = new ArrayList<>();
        for (int k = 0; k <= KeywordTable.MAX_KEYWORDS; k++) {
            names.add("kw" + k);
        }
        assertThatThrownBy(() -> new KeywordTable(names)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 30");
        assertThatThrownBy(() -> index.defineKeyword(INBOX, null)).isInstanceOf(NullPointerException.class);
    }
}
