package org.mailtxt.imap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvalidValueTest {
    @TempDir
    Path base;

    @ParameterizedTest(name = "{0} = ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            server.bind                     | ""              | IPv4 or IPv6
            server.bind                     | no.such.host.invalid | does not resolve
            imap.port                       | abc             | from 0 to 65535
            imap.port                       | 70000           | from 0 to 65535
            imaps.port                      | -1              | from 0 to 65535
            data.dir                        | ""              | file system path
            mailbox.format                  | mbox            | tenex, mtx
            lock.method                     | fcntl           | auto, flock, dotlock
            lock.wait                       | 30              | unit
            lock.wait                       | 2d              | to 1d
            limits.max-connections          | 0               | from 1
            limits.max-connections-per-ip   | many            | whole number
            limits.max-line-length          | 100             | from 1024
            limits.max-literal-size         | 3G              | to 2147483647
            limits.max-message-size         | 0               | from 1
            limits.idle-timeout             | 10s             | from 1m
            tls.enabled                     | maybe           | true or false
            auth.plaintext                  | never           | always, loopback-or-tls, tls-only
            auth.throttle.free-failures     | -2              | from 0
            auth.throttle.base-delay        | 0               | from 1ms
            auth.throttle.lockout           | forever         | unit
            log.level                       | verbose         | error, warn, info, debug, trace
            """)
    void anInvalidValueStopsTheStartWithAMessageNamingTheKeyAndTheAcceptedValues(String key, String value,
                                                                                   String accepted) throws Exception {
        Path file = Files.writeString(base.resolve("mailtxt.properties"), key + " = " + value + "\n");

        assertThatThrownBy(() -> ServerConfig.load(file, Map.of("keywords.file", ""), base))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining(file.toString()).hasMessageContaining(key).hasMessageContaining(accepted);
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("keywords.file", "", key, value), base))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining("--set").hasMessageContaining(key);
    }
}
