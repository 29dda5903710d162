package org.mailtxt.mailstore.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The c-client-written fixtures under {@code src/test/resources/fixtures} and their {@code expected.json}. */
final class Fixtures {

    static final List<String> NAMES = List.of("sample.tenex", "sample.mtx", "sample.tenex.opened",
            "sample.mtx.opened", "sample.tenex.expunged", "sample.mtx.expunged");

    private Fixtures() {
    }

    static Path dir() {
        String configured = System.getProperty("mailtxt.test.resourcesDir");
        Path resources = configured != null ? Path.of(configured) : Path.of("src/test/resources");
        return resources.resolve("fixtures");
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the "files" entry of expected.json for one fixture */
    @SuppressWarnings("unchecked")
    static Map<String, Object> expected(String name) {
        try {
            String json = Files.readString(dir().resolve("expected.json"), StandardCharsets.UTF_8);
            Map<String, Object> root = (Map<String, Object>) MiniJson.parse(json);
            return (Map<String, Object>) ((Map<String, Object>) root.get("files")).get(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> messages(String name) {
        return (List<Map<String, Object>>) expected(name).get("messages");
    }

    static MailboxFormat format(String name) {
        return "tenex".equals(expected(name).get("format")) ? MailboxFormat.TENEX : MailboxFormat.MTX;
    }

    static long number(Map<String, Object> message, String key) {
        return (Long) message.get(key);
    }
}
