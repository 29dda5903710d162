package org.mailtxt.imap.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw configuration (defaults, then the file, then command-line overrides) and typed reading of one key, each
 * failure a {@link ConfigException} naming the key and the accepted values. Relative paths resolve against a base
 * directory (the working directory for the launcher). Not thread-safe; used by one {@link ServerConfig#load} call.
 */
final class ConfigReader {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([kmg]?)", Pattern.CASE_INSENSITIVE);
    static final String DURATION_FORMS = "a whole number with a unit: ms, s, m, h or d (e.g. 500ms, 30s, 5m)";
    static final String SIZE_FORMS = "a whole number of bytes, optionally with K, M or G (e.g. 65536, 64K, 64M)";

    private final Map<String, ConfigValue> values = new HashMap<>();
    private final Path base;

    private ConfigReader(Path base) {
        this.base = base;
        ConfigKeys.DEFAULTS.forEach((k, v) -> values.put(k, new ConfigValue(k, v, "default")));
    }

    /** Defaults, then {@code file} (when not null), then {@code overrides}; unknown keys are refused. */
    static ConfigReader read(Path file, Map<String, String> overrides, Path base) throws ConfigException {
        ConfigReader reader = new ConfigReader(base);
        if (file != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("--config", "cannot read the configuration file " + file + ": " + e
                        + "; fix it or pass another with --config", e);
            }
            for (String key : p.stringPropertyNames()) {
                reader.put(key, p.getProperty(key), file.toString());
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            reader.put(e.getKey(), e.getValue(), "--set");
        }
        return reader;
    }

    private void put(String key, String text, String source) throws ConfigException {
        if (!ConfigKeys.DEFAULTS.containsKey(key)) {
            throw new ConfigException(key, source + ": unknown configuration key '" + key + "'; known keys: "
                    + String.join(", ", new TreeSet<>(ConfigKeys.DEFAULTS.keySet())), null);
        }
        values.put(key, new ConfigValue(key, text == null ? "" : text.trim(), source));
    }

    ConfigValue value(String key) {
        return values.get(key);
    }

    String text(String key) {
        return values.get(key).text();
    }

    boolean isEmpty(String key) {
        return text(key).isEmpty();
    }

    <T> T parse(String key, Function<String, T> parser, String accepted) throws ConfigException {
        ConfigValue v = values.get(key);
        try {
            return parser.apply(v.text());
        } catch (RuntimeException e) {
            throw ConfigException.invalid(v, accepted);
        }
    }

    <E extends Enum<E>> E choice(String key, Class<E> type) throws ConfigException {
        E[] constants = type.getEnumConstants();
        StringBuilder accepted = new StringBuilder();
        for (E c : constants) {
            accepted.append(accepted.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
        }
        return parse(key, s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT)), accepted.toString());
    }

    int integer(String key, int min, int max) throws ConfigException {
        String accepted = "a whole number from " + min + " to " + max;
        int n = parse(key, Integer::parseInt, accepted);
        if (n < min || n > max) {
            throw ConfigException.invalid(values.get(key), accepted);
        }
        return n;
    }

    boolean bool(String key) throws ConfigException {
        return parse(key, s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(s);
        }, "true or false (also yes/no, on/off)");
    }

    Duration duration(String key, Duration min, Duration max) throws ConfigException {
        String accepted = DURATION_FORMS + ", from " + show(min) + " to " + show(max);
        Duration d = parse(key, ConfigReader::parseDuration, accepted);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw ConfigException.invalid(values.get(key), accepted);
        }
        return d;
    }

    long size(String key, long min, long max) throws ConfigException {
        String accepted = SIZE_FORMS + ", from " + min + " to " + max + " bytes";
        long n = parse(key, ConfigReader::parseSize, accepted);
        if (n < min || n > max) {
            throw ConfigException.invalid(values.get(key), accepted);
        }
        return n;
    }

    InetAddress address(String key) throws ConfigException {
        ConfigValue v = values.get(key);
        String accepted = "an IPv4 or IPv6 address of this host, 0.0.0.0 or :: for all, or a host name that resolves";
        if (v.text().isEmpty()) {
            throw ConfigException.invalid(v, accepted);
        }
        try {
            return InetAddress.getByName(v.text());
        } catch (UnknownHostException e) {
            throw ConfigException.problem(v, "does not resolve; accepted: " + accepted, e);
        }
    }

    /** The key's path resolved against the base directory, normalised; the key must not be empty. */
    Path path(String key) throws ConfigException {
        ConfigValue v = values.get(key);
        if (v.text().isEmpty() || v.text().indexOf('\0') >= 0) {
            throw ConfigException.invalid(v, "a file system path (relative paths start at " + base + ")");
        }
        return parse(key, s -> base.resolve(Path.of(s)).toAbsolutePath().normalize(),
                "a file system path (relative paths start at " + base + ")");
    }

    /** A duration in the configuration's own syntax, for messages: {@code 0}, {@code 500ms}, {@code 30s}, {@code 5m}. */
    static String show(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }

    static Duration parseDuration(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(text);
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return Math.multiplyExact(n, 1L << shift);
    }
}
