package org.mailtxt.imap.mailbox;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.james.core.Username;
import org.apache.james.mailbox.acl.ACLDiff;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNameException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.mailbox.store.transaction.NonTransactionalMapper;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.mailtxt.mailstore.MailboxInUseException;
import org.mailtxt.mailstore.OpenMailbox;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Mailboxes are files (and directories, for hierarchy) under each user's mail directory; see {@link MailboxLayout}.
 * UIDVALIDITY comes from the mailstore's index. ACLs are kept in memory only (mailtxt does not share mailboxes
 * between users). Thread-safe; one instance per James session.
 */
final class MailtxtMailboxMapper extends NonTransactionalMapper implements MailboxMapper {
    private static final char DELIMITER = '.';
    private final MailboxAccess access;
    /** ACLs set through IMAP SETACL, shared by the factory's mappers; not persisted (no sharing between users). */
    private final Map<MailboxId, MailboxACL> acls;
    /**
     * Inferiors of a folder this mapper just renamed, by their old ids, until James renames each of them (within the
     * same RENAME). Cleared at the end of every request, so a rename cut short leaves no phantom mailboxes listed.
     */
    private final Map<MailtxtMailboxId, Mailbox> movedWithParent = new java.util.concurrent.ConcurrentHashMap<>();

    MailtxtMailboxMapper(MailboxAccess access, Map<MailboxId, MailboxACL> acls) {
        this.access = access;
        this.acls = acls;
    }

    static MailtxtMailboxId idOf(MailboxPath path) throws MailboxException {
        List<String> levels = MailboxLayout.levels(path.getName(), DELIMITER);
        return new MailtxtMailboxId(path.getUser().asString(), String.join("/", levels));
    }

    static MailboxPath pathOf(MailtxtMailboxId id) {
        return MailboxPath.forUser(Username.of(id.user()), id.name().replace('/', DELIMITER));
    }

    private Path fileOf(MailtxtMailboxId id) throws MailboxException {
        return access.layout().fileOf(id.user(), id.name(), '/');
    }

    private Mailbox mailbox(MailtxtMailboxId id) throws MailboxException {
        Path f = fileOf(id);
        long validity = 1;
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            try {
                validity = access.open(id).uidValidity();
            } catch (IOException e) {
                throw new MailboxException("cannot read " + id.name() + ": " + e.getMessage(), e);
            }
        } else if (!Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new MailboxNotFoundException(id.name());
        }
        Mailbox m = new Mailbox(pathOf(id), UidValidity.of(validity), id);
        m.setACL(acls.getOrDefault(id, MailboxACL.EMPTY));
        return m;
    }

    @Override
    public Mono<Mailbox> create(MailboxPath path, UidValidity uidValidity) {
        return Mono.fromCallable(() -> {
            MailtxtMailboxId id = idOf(path);
            Path file = fileOf(id);
            // One creation at a time per server: two sessions creating a.b and a.c must not both turn the empty
            // mailbox file a into a folder (the second failed); the layout is the one object all mappers share.
            synchronized (access.layout()) {
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new MailboxExistsException(path.asString());
                }
                makeParentsDirectories(file);
                try {
                    access.store().create(file, access.defaultFormat());
                } catch (IOException e) {
                    throw new MailboxException("cannot create " + path.getName() + ": " + e.getMessage(), e);
                }
            }
            return mailbox(id);
        });
    }

    /**
     * James creates every level of a new name as a mailbox; tenex/mtx files have no inferiors, so an empty mailbox
     * file on the way becomes a directory. A parent holding mail refuses the new name.
     */
    private void makeParentsDirectories(Path file) throws MailboxException {
        Path root = access.layout().root();
        for (Path p = file.getParent(); p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
            try {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Path rel = root.relativize(p);
                    if (rel.getNameCount() == 2 && rel.getName(1).toString().equals(MailboxLayout.INBOX)) {
                        // Turning an empty INBOX into a folder would make INBOX unselectable and lose its
                        // UIDVALIDITY; deliveries (tmail) would then fail on a directory.
                        throw new MailboxException("INBOX is a tenex/mtx mailbox file and cannot have inferior"
                                + " mailboxes; create the mailbox outside INBOX");
                    }
                    if (Files.size(p) > 0) {
                        throw new MailboxException(p.getFileName() + " holds messages; a tenex/mtx mailbox cannot"
                                + " have inferior mailboxes");
                    }
                    access.forget(new MailtxtMailboxId(rel.getName(0).toString(),
                            rel.subpath(1, rel.getNameCount()).toString()));
                    access.store().delete(p);
                }
            } catch (IOException e) {
                throw new MailboxException("cannot make " + p + " a folder: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Mono<MailboxId> rename(Mailbox mailbox) {
        return Mono.fromCallable(() -> {
            MailtxtMailboxId old = (MailtxtMailboxId) mailbox.getMailboxId();
            MailtxtMailboxId target = idOf(mailbox.generateAssociatedPath());
            Path from = fileOf(old);
            Path to = fileOf(target);
            boolean sourceExists = Files.exists(from, LinkOption.NOFOLLOW_LINKS);
            boolean targetExists = Files.exists(to, LinkOption.NOFOLLOW_LINKS);
            if (!sourceExists && targetExists && movedWithParent.remove(old) != null) {
                return target; // an inferior: moved with its folder, see below
            }
            if (!sourceExists) {
                throw new MailboxNotFoundException(old.name());
            }
            if (targetExists) {
                throw new MailboxExistsException(target.name());
            }
            access.forget(old);
            try {
                if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                    // One rename of the directory moves every inferior (their index entries follow, so UIDs and
                    // UIDVALIDITY stay). James lists the inferiors under the old name after this call and renames
                    // each in turn, which is how they get into its result (and, with RENAME_SUBSCRIPTIONS, their
                    // subscriptions follow): until then they are listed here under their old names.
                    List<Mailbox> inferiors = mailboxesUnder(old);
                    inferiors.forEach(m -> access.forget((MailtxtMailboxId) m.getMailboxId()));
                    access.store().renameFolder(from, to);
                    inferiors.forEach(m -> movedWithParent.put((MailtxtMailboxId) m.getMailboxId(), m));
                } else {
                    access.store().rename(from, to);
                }
            } catch (MailboxInUseException e) {
                throw new MailboxException(e.getMessage(), e);
            } catch (IOException e) {
                throw new MailboxException("cannot rename " + old.name() + ": " + e.getMessage(), e);
            }
            return target;
        });
    }

    @Override
    public void endRequest() {
        movedWithParent.clear();
    }

    @Override
    public Mono<Void> delete(Mailbox mailbox) {
        return Mono.fromCallable(() -> {
            MailtxtMailboxId id = (MailtxtMailboxId) mailbox.getMailboxId();
            try {
                Path f = fileOf(id);
                access.forget(id);
                if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(f);
                } else {
                    access.store().delete(f);
                }
                acls.remove(id);
            } catch (DirectoryNotEmptyException e) {
                // RFC 3501 6.3.4: a \Noselect name with inferiors cannot be deleted (a folder is a directory here)
                throw new MailboxException(id.name() + " is a folder holding inferior mailboxes; delete those first");
            } catch (IOException e) {
                throw new MailboxException("cannot delete " + id.name() + ": " + e.getMessage(), e);
            }
            return true;
        }).then();
    }

    @Override
    public Mono<Mailbox> findMailboxByPath(MailboxPath path) {
        return Mono.fromCallable(() -> {
            MailtxtMailboxId id;
            try {
                id = idOf(path);
            } catch (MailboxNameException e) {
                return null; // a name no mailbox can have; James reports the name problem in its own words
            }
            return Files.exists(fileOf(id), LinkOption.NOFOLLOW_LINKS) ? mailbox(id) : null;
        });
    }

    @Override
    public Mono<Mailbox> findMailboxById(MailboxId id) {
        return Mono.fromCallable(() -> mailbox((MailtxtMailboxId) id));
    }

    @Override
    public Flux<Mailbox> findNonPersonalMailboxes(Username user, MailboxACL.Right right) {
        return Flux.empty();
    }

    @Override
    public Flux<Mailbox> findMailboxWithPathLike(MailboxQuery.UserBound query) {
        return Flux.defer(() -> {
            try {
                List<Mailbox> all = new ArrayList<>(mailboxesOf(query.getFixedUser().asString()));
                all.addAll(movedWithParent.values());
                return Flux.fromIterable(all).filter(query::matches);
            } catch (IOException | MailboxException e) {
                return Flux.error(e);
            }
        });
    }

    /** The mailboxes inside a folder, at any depth, with their UIDVALIDITY read before anything moves. */
    private List<Mailbox> mailboxesUnder(MailtxtMailboxId folder) throws IOException, MailboxException {
        String prefix = folder.name() + "/";
        List<Mailbox> out = new ArrayList<>();
        for (Mailbox m : mailboxesOf(folder.user())) {
            if (((MailtxtMailboxId) m.getMailboxId()).name().startsWith(prefix)) {
                out.add(m);
            }
        }
        return out;
    }

    private List<Mailbox> mailboxesOf(String user) throws IOException, MailboxException {
        List<Mailbox> out = new ArrayList<>();
        Path dir = access.layout().userDirectory(user);
        for (Path p : access.layout().entries(user)) {
            String name = dir.relativize(p).toString();
            try {
                out.add(mailbox(new MailtxtMailboxId(user, name.equalsIgnoreCase(MailboxLayout.INBOX)
                        ? MailboxLayout.INBOX : name)));
            } catch (MailboxException e) {
                // not a tenex/mtx file (a file c-client turned into mbox, say): listed by nobody
            }
        }
        return out;
    }

    @Override
    public Mono<Boolean> hasChildren(Mailbox mailbox, char delimiter) {
        return Mono.fromCallable(() -> {
            Path f = fileOf((MailtxtMailboxId) mailbox.getMailboxId());
            if (!Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            try (var s = Files.list(f)) {
                return s.anyMatch(p -> !p.getFileName().toString().startsWith("."));
            }
        });
    }

    @Override
    public Mono<ACLDiff> updateACL(Mailbox mailbox, MailboxACL.ACLCommand command) {
        return Mono.fromCallable(() -> {
            MailboxACL old = acls.getOrDefault(mailbox.getMailboxId(), MailboxACL.EMPTY);
            MailboxACL now = old.apply(command);
            acls.put(mailbox.getMailboxId(), now);
            mailbox.setACL(now);
            return ACLDiff.computeDiff(old, now);
        });
    }

    @Override
    public Mono<ACLDiff> setACL(Mailbox mailbox, MailboxACL acl) {
        return Mono.fromCallable(() -> {
            MailboxACL old = acls.getOrDefault(mailbox.getMailboxId(), MailboxACL.EMPTY);
            acls.put(mailbox.getMailboxId(), acl);
            mailbox.setACL(acl);
            return ACLDiff.computeDiff(old, acl);
        });
    }

    @Override
    public Flux<Mailbox> list() {
        return Flux.defer(() -> {
            List<Mailbox> all = new ArrayList<>();
            if (!Files.isDirectory(access.layout().root())) {
                return Flux.empty(); // nobody has logged in yet
            }
            try (var users = Files.list(access.layout().root())) {
                for (Path u : users.filter(Files::isDirectory).toList()) {
                    all.addAll(mailboxesOf(u.getFileName().toString()));
                }
            } catch (IOException | MailboxException e) {
                return Flux.error(e);
            }
            return Flux.fromIterable(all);
        });
    }

}
