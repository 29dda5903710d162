package org.mailtxt.imap.mailbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNameException;

/**
 * Where mailboxes are: each user has a mail directory {@code <mail root>/<user>}; a mailbox name's hierarchy levels
 * are directories under it and its last level is the mailbox file (tenex/mtx files have no inferiors, so a directory
 * is a mailbox-less parent, IMAP's \Noselect). INBOX, in any case, is the file {@code INBOX}. Names are checked so
 * that no name leaves the user's directory: no empty, "." or ".." levels, no '/', no control characters, no level
 * starting with '.' (mailtxt keeps its journals and quarantine files as dot files), and no symbolic link anywhere on
 * the way. Stateless apart from its root; thread-safe.
 */
public final class MailboxLayout {
    public static final String INBOX = "INBOX";
    private final Path root;

    public MailboxLayout(Path mailRoot) {
        this.root = mailRoot.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The user's mail directory, created (mode 0700) if missing. */
    public Path userDirectory(String user) throws IOException {
        if (user.isEmpty() || user.contains("/") || user.startsWith(".") || user.chars().anyMatch(c -> c < 0x20)) {
            throw new IOException("user name '" + user + "' cannot name a mail directory");
        }
        Path dir = root.resolve(user);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(root);
            try {
                Files.createDirectory(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another session of the same user created it meanwhile (two first logins at once)
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
            }
        }
        return dir;
    }

    /** The file of a mailbox name whose levels are separated by {@code delimiter}. */
    public Path fileOf(String user, String name, char delimiter) throws MailboxException {
        List<String> levels = levels(name, delimiter);
        try {
            Path p = userDirectory(user);
            for (String level : levels) {
                p = p.resolve(level);
                if (Files.isSymbolicLink(p)) {
                    throw new MailboxNameException("mailbox name '" + name + "' leads through a symbolic link;"
                            + " refused");
                }
            }
            return p;
        } catch (IOException e) {
            throw new MailboxException("cannot resolve mailbox '" + name + "' of " + user, e);
        }
    }

    /** The name of a file under the user's directory, levels joined with {@code delimiter}. */
    public String nameOf(String user, Path file, char delimiter) throws IOException {
        Path rel = userDirectory(user).relativize(file);
        List<String> parts = new ArrayList<>();
        rel.forEach(p -> parts.add(p.toString()));
        String joined = String.join(String.valueOf(delimiter), parts);
        return joined.equalsIgnoreCase(INBOX) ? INBOX : joined;
    }

    /** Every file and directory under the user's mail directory (dot files left out), in name order. */
    public List<Path> entries(String user) throws IOException {
        Path dir = userDirectory(user);
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir))
                    .filter(p -> dir.relativize(p).toString().chars().noneMatch(c -> c < 0x20))
                    .filter(p -> {
                        for (Path part : dir.relativize(p)) {
                            if (part.toString().startsWith(".")) {
                                return false;
                            }
                        }
                        return !Files.isSymbolicLink(p);
                    })
                    .sorted()
                    .toList();
        }
    }

    static List<String> levels(String name, char delimiter) throws MailboxNameException {
        if (name == null || name.isEmpty()) {
            throw new MailboxNameException("empty mailbox name");
        }
        if (name.equalsIgnoreCase(INBOX)) {
            return List.of(INBOX);
        }
        List<String> out = new ArrayList<>();
        for (String level : split(name, delimiter)) {
            if (level.isEmpty() || level.equals(".") || level.equals("..") || level.startsWith(".")
                    || level.contains("/") || level.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                    || level.length() > 255) {
                throw new MailboxNameException("mailbox name '" + name.replaceAll("\\p{Cntrl}", "?")
                        + "' is not allowed: levels must be non-empty, not start with '.', and contain no '/',"
                        + " no control characters");
            }
            out.add(out.isEmpty() && level.toUpperCase(Locale.ROOT).equals(INBOX) ? INBOX : level);
        }
        return out;
    }

    /** {@code name} cut at every {@code delimiter}, empty pieces kept (no regular expression: this runs per command). */
    private static List<String> split(String name, char delimiter) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = name.indexOf(delimiter); i >= 0; i = name.indexOf(delimiter, from)) {
            out.add(name.substring(from, i));
            from = i + 1;
        }
        out.add(name.substring(from));
        return out;
    }
}
