package org.mailtxt.imap.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mailtxt.imap.config.ConfigException;
import org.mailtxt.imap.config.ServerConfig;
import picocli.CommandLine.Option;

/**
 * The options every command that reads the configuration shares ({@code serve}, {@code user ...}): {@code --config}
 * (default {@code conf/mailtxt.properties}, which must exist), {@code --set key=value} and the {@code --data}
 * shortcut, so that all commands resolve the data directory the same way. A picocli mixin; not thread-safe.
 */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: ${DEFAULT-VALUE})")
    Path configFile = ServerConfig.DEFAULT_FILE;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override any key of the configuration file")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (data.dir)")
    String dataDirectory;

    /**
     * The configuration of this invocation: the file (which must exist), {@code --set}, then {@code --data} and the
     * command's own shortcuts.
     *
     * @param shortcuts key → value of a command's own options (null values are left out)
     * @return the loaded configuration
     * @throws ConfigException for a missing file or any value the configuration refuses
     */
    ServerConfig load(Map<String, String> shortcuts) throws ConfigException {
        if (!Files.isRegularFile(configFile)) {
            throw new ConfigException("--config", "the configuration file " + configFile.toAbsolutePath()
                    + " does not exist; run from the mailtxt checkout (./mailtxt does) or pass --config FILE");
        }
        Map<String, String> all = new LinkedHashMap<>(overrides);
        putIfGiven(all, "data.dir", dataDirectory);
        shortcuts.forEach((key, value) -> putIfGiven(all, key, value));
        return ServerConfig.load(configFile, all);
    }

    private static void putIfGiven(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
