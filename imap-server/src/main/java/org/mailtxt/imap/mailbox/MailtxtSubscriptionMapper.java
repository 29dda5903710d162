package org.mailtxt.imap.mailbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.james.core.Username;
import org.apache.james.mailbox.exception.SubscriptionException;
import org.apache.james.mailbox.store.transaction.NonTransactionalMapper;
import org.apache.james.mailbox.store.user.SubscriptionMapper;
import org.apache.james.mailbox.store.user.model.Subscription;

/**
 * Subscriptions (LSUB) in {@code .mailtxt-subscriptions} in the user's mail directory, one name per line, replaced
 * atomically (write to a temporary file, fsync, rename). Thread-safe: writes of one JVM are serialised on the class.
 */
final class MailtxtSubscriptionMapper extends NonTransactionalMapper implements SubscriptionMapper {
    private static final String FILE = ".mailtxt-subscriptions";
    private final MailboxLayout layout;

    MailtxtSubscriptionMapper(MailboxLayout layout) {
        this.layout = layout;
    }

    private Path file(Username user) throws IOException {
        return layout.userDirectory(user.asString()).resolve(FILE);
    }

    private Set<String> read(Username user) throws IOException {
        Path f = file(user);
        return Files.exists(f) ? new LinkedHashSet<>(Files.readAllLines(f, StandardCharsets.UTF_8)) : new LinkedHashSet<>();
    }

    private void write(Username user, Set<String> names) throws IOException {
        Path f = file(user);
        Path tmp = f.resolveSibling(FILE + ".tmp");
        Files.write(tmp, names, StandardCharsets.UTF_8);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void save(Subscription s) throws SubscriptionException {
        synchronized (MailtxtSubscriptionMapper.class) {
            try {
                Set<String> names = read(s.getUser());
                if (names.add(s.getMailbox())) {
                    write(s.getUser(), names);
                }
            } catch (IOException e) {
                throw new SubscriptionException(e);
            }
        }
    }

    @Override
    public List<Subscription> findSubscriptionsForUser(Username user) throws SubscriptionException {
        try {
            List<Subscription> out = new ArrayList<>();
            for (String n : read(user)) {
                if (!n.isEmpty()) {
                    out.add(new Subscription(user, n));
                }
            }
            return out;
        } catch (IOException e) {
            throw new SubscriptionException(e);
        }
    }

    @Override
    public void delete(Subscription s) throws SubscriptionException {
        synchronized (MailtxtSubscriptionMapper.class) {
            try {
                Set<String> names = read(s.getUser());
                if (names.remove(s.getMailbox())) {
                    write(s.getUser(), names);
                }
            } catch (IOException e) {
                throw new SubscriptionException(e);
            }
        }
    }

}
