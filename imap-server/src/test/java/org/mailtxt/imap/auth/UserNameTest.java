package org.mailtxt.imap.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "alice.smith", "bob_2", "x", "carol+lists", "dave@example.org", "a-b"})
    void ordinaryNamesAreAccepted(String name) throws Exception {
        assertThat(UserName.isValid(name)).isTrue();
        assertThat(UserName.canonical(name)).isEqualTo(name);
    }

    @Test
    void namesAreFoldedToLowerCase() throws Exception {
        assertThat(UserName.canonical("Demo")).isEqualTo("demo");
        assertThat(UserName.canonical("ALICE.Smith")).isEqualTo("alice.smith");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "/etc", "..", "a..b", "../root", ".hidden", "-rf", "a\\b", "tab\there",
            "nul\0", "new\nline", "del\u007f", "spa ce", "é", "trailing.", "semi;colon", "star*", "ünïcode"})
    void namesThatCouldLeaveTheMailRootOrSurpriseAShellAreRefused(String name) {
        assertThat(UserName.isValid(name)).isFalse();
        assertThatThrownBy(() -> UserName.canonical(name))
                .isInstanceOfSatisfying(UserStoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(UserStoreException.Kind.INVALID_NAME))
                .hasMessageContaining("user name").hasMessageNotContaining("\n").hasMessageNotContaining("\0");
    }

    @Test
    void theLengthIsLimitedTo64Characters() {
        assertThat(UserName.isValid("a".repeat(64))).isTrue();
        assertThatThrownBy(() -> UserName.canonical("a".repeat(65))).hasMessageContaining("longer than 64");
        assertThat(UserName.isValid(null)).isFalse();
    }

    @Test
    void theMessageSaysWhichRuleIsBroken() {
        assertThatThrownBy(() -> UserName.canonical("a/b")).hasMessageContaining("'/'")
                .hasMessageContaining("another directory");
        assertThatThrownBy(() -> UserName.canonical("a..b")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> UserName.canonical("bad\u0001")).hasMessageContaining("U+0001")
                .hasMessageContaining("\\x01");
    }
}
