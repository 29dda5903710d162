package org.mailtxt.imap.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void theRightPasswordVerifiesAndAWrongOneDoesNot() {
        PasswordHash hash = hasher.hash("correct horse".toCharArray());

        assertThat(hasher.verify("correct horse".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("correct horsE".toCharArray(), hash)).isFalse();
        assertThat(hasher.verify("".toCharArray(), hash)).isFalse();
    }

    @Test
    void theStoredFormCarriesAlgorithmIterationsAndSaltAndReadsBack() {
        PasswordHash hash = hasher.hash("pw".toCharArray());
        String stored = hash.format();

        assertThat(stored).matches("\\$pbkdf2-sha256\\$i=210000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        PasswordHash read = PasswordHash.parse(stored);
        assertThat(read).isEqualTo(hash);
        assertThat(read.iterations()).isEqualTo(PasswordHasher.MIN_ITERATIONS);
        assertThat(read.salt()).hasSize(16);
        assertThat(read.hash()).hasSize(32);
        assertThat(hasher.verify("pw".toCharArray(), read)).isTrue();
        assertThat(read.toString()).doesNotContain(stored.substring(stored.lastIndexOf('$') + 1));
    }

    @Test
    void twoHashesOfOnePasswordDiffer() {
        PasswordHash a = hasher.hash("same".toCharArray());
        PasswordHash b = hasher.hash("same".toCharArray());

        assertThat(a.format()).isNotEqualTo(b.format());
        assertThat(a.salt()).isNotEqualTo(b.salt());
    }

    @Test
    void aHashWithFewerIterationsStillVerifiesAndIsOutdatedForAStrongerHasher() {
        PasswordHash old = hasher.hash("pw".toCharArray());
        PasswordHasher stronger = new PasswordHasher(PasswordHasher.MIN_ITERATIONS + 10_000);

        assertThat(stronger.verify("pw".toCharArray(), old)).isTrue();
        assertThat(stronger.isOutdated(old)).isTrue();
        assertThat(hasher.isOutdated(old)).isFalse();
    }

    @Test
    void fewerIterationsThanTheMinimumAndUnknownAlgorithmsAreRefused() {
        assertThatThrownBy(() -> new PasswordHasher(1000)).hasMessageContaining("210000");
        PasswordHash alien = new PasswordHash("argon2id", 3, new byte[16], new byte[32]);
        assertThat(hasher.verify("pw".toCharArray(), alien)).isFalse();
        assertThatThrownBy(() -> PasswordHash.parse("plain")).isInstanceOf(IllegalArgumentException.class);
    }
}
