package org.mailtxt.imap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link ImapStack.Settings}: the builder's documented defaults, named values, and the checks of build(). */
class ImapStackSettingsTest {

    @Test
    void theBuilderStartsFromTheDocumentedDefaults() {
        ImapStack.Settings s = ImapStack.Settings.builder().build();

        assertThat(s).isEqualTo(new ImapStack.Settings(InetAddress.getLoopbackAddress(), 0, Optional.empty(), 0,
                false, 65_536, 0, 0, 0, 1800, 64L << 20, true));
    }

    @Test
    void everyNamedValueLandsInItsField() throws Exception {
        ImapStack.Tls tls = new ImapStack.Tls(Path.of("/etc/mailtxt/keystore.p12"), "secret");
        InetAddress any = InetAddress.getByName("0.0.0.0");

        ImapStack.Settings s = ImapStack.Settings.builder().bind(any).port(143).tls(tls).tlsPort(993)
                .plainAuthWithoutTls(true).maxLineLength(8192).literalSizeLimit(1 << 20).connectionLimit(50)
                .connectionLimitPerIp(5).idleTimeoutSeconds(3600).appendLimit(1 << 20)
                .provisionDefaultMailboxes(false).build();

        assertThat(s).isEqualTo(new ImapStack.Settings(any, 143, Optional.of(tls), 993, true, 8192, 1 << 20, 50, 5,
                3600, 1 << 20, false));
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheValueAndWhatIsAccepted() {
        assertRefused(ImapStack.Settings.builder().port(70_000), "port 70000", "0 (any free port) to 65535");
        assertRefused(ImapStack.Settings.builder().tlsPort(-1), "tlsPort -1", "to 65535");
        assertRefused(ImapStack.Settings.builder().maxLineLength(100), "maxLineLength 100", "1024 bytes or more");
        assertRefused(ImapStack.Settings.builder().literalSizeLimit(-5), "literalSizeLimit -5", "0 or more");
        assertRefused(ImapStack.Settings.builder().connectionLimit(-1), "connectionLimit -1", "0 for no limit");
        assertRefused(ImapStack.Settings.builder().connectionLimit(10).connectionLimitPerIp(11),
                "connectionLimitPerIp 11 is more than connectionLimit 10", "");
        assertRefused(ImapStack.Settings.builder().idleTimeoutSeconds(-1), "idleTimeoutSeconds -1", "0 or more");
        assertRefused(ImapStack.Settings.builder().appendLimit(0), "appendLimit 0", "1 byte or more");
        assertRefused(ImapStack.Settings.builder().tls(new ImapStack.Tls(Path.of("k.p12"), "s")).port(1143)
                .tlsPort(1143), "port and tlsPort are both 1143", "different ports");
    }

    @Test
    void aMissingBindAddressIsNamed() {
        assertThatThrownBy(() -> ImapStack.Settings.builder().bind(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("bind address");
    }

    @Test
    void aTlsPortWithoutTlsIsIgnoredAndEqualPortsAreFineWhenBothAreAnyFreePort() {
        assertThat(ImapStack.Settings.builder().port(1143).tlsPort(1143).build().tls()).isEmpty();
        assertThat(ImapStack.Settings.builder().tls(new ImapStack.Tls(Path.of("k.p12"), "s")).build().tlsPort())
                .isZero();
    }

    private static void assertRefused(ImapStack.Settings.Builder builder, String value, String accepted) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value)
                .hasMessageContaining(accepted);
    }
}
