package org.mailtxt.mailstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeywordListTest {
    @TempDir
    Path dir;

    @Test
    void theFixturesCClientConfigurationGivesItsFiveKeywordsInOrder() throws Exception {
        assertThat(KeywordList.read(StoreFixture.fixture("c-client.cf")))
                .containsExactly("$Forwarded", "$MDNSent", "Junk", "NonJunk", "project-x");
    }

    @Test
    void theFirstSetKeywordsLineWinsAndCommasOrSpacesSeparate() throws Exception {
        Path f = Files.writeString(dir.resolve("c.cf"), "I accept the risk\nset keywords a b,c ,  d\n"
                + "set keywords later ignored\n");
        assertThat(KeywordList.read(f)).containsExactly("a", "b", "c", "d");
        assertThat(KeywordList.read(Files.writeString(dir.resolve("none"), "set other 1\n"))).isEmpty();
    }

    @Test
    void theShippedConfigurationListParses() throws Exception {
        Path conf = Path.of(System.getProperty("user.dir")).resolveSibling("conf").resolve("keywords.cf");
        assertThat(KeywordList.read(conf)).startsWith("$Forwarded", "$MDNSent").hasSizeLessThanOrEqualTo(30);
    }

    @Test
    void badListsAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> KeywordList.read(Files.writeString(dir.resolve("dup"), "set keywords a A\n")))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> KeywordList.read(Files.writeString(dir.resolve("long"),
                "set keywords " + "x".repeat(51) + "\n"))).hasMessageContaining("longer than 50");
        StringBuilder many = new StringBuilder("set keywords");
        for (int i = 0; i < 31; i++) {
            many.append(" k").append(i);
        }
        assertThatThrownBy(() -> KeywordList.read(Files.writeString(dir.resolve("many"), many + "\n")))
                .hasMessageContaining("31 keywords");
    }
}
