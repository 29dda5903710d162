package org.mailtxt.imap.mailbox;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.AnnotationMapper;
import org.apache.james.mailbox.store.transaction.NonTransactionalMapper;

/**
 * Mailbox annotations kept in memory, keyed by any {@link MailboxId} (James's InMemoryAnnotationMapper, used before,
 * casts every id to its own InMemoryId and failed on mailtxt ids). Not persisted: METADATA is not advertised.
 * Thread-safe: one concurrent map per mailbox; one instance per server, shared by all sessions.
 */
final class MailtxtAnnotationMapper extends NonTransactionalMapper implements AnnotationMapper {
    private final Map<MailboxId, Map<MailboxAnnotationKey, MailboxAnnotation>> byMailbox = new ConcurrentHashMap<>();

    private Map<MailboxAnnotationKey, MailboxAnnotation> of(MailboxId id) {
        return byMailbox.getOrDefault(id, Map.of());
    }

    private List<MailboxAnnotation> matching(MailboxId id, Set<MailboxAnnotationKey> keys,
                                             BiPredicate<MailboxAnnotationKey, MailboxAnnotationKey> match) {
        return of(id).values().stream()
                .filter(a -> keys.stream().anyMatch(k -> match.test(k, a.getKey())))
                .toList();
    }

    @Override
    public List<MailboxAnnotation> getAllAnnotations(MailboxId id) {
        return List.copyOf(of(id).values());
    }

    @Override
    public List<MailboxAnnotation> getAnnotationsByKeys(MailboxId id, Set<MailboxAnnotationKey> keys) {
        return matching(id, keys, MailboxAnnotationKey::equals);
    }

    @Override
    public List<MailboxAnnotation> getAnnotationsByKeysWithOneDepth(MailboxId id, Set<MailboxAnnotationKey> keys) {
        return matching(id, keys, MailboxAnnotationKey::isParentOrIsEqual);
    }

    @Override
    public List<MailboxAnnotation> getAnnotationsByKeysWithAllDepth(MailboxId id, Set<MailboxAnnotationKey> keys) {
        return matching(id, keys, MailboxAnnotationKey::isAncestorOrIsEqual);
    }

    @Override
    public void deleteAnnotation(MailboxId id, MailboxAnnotationKey key) {
        byMailbox.computeIfPresent(id, (k, m) -> {
            m.remove(key);
            return m.isEmpty() ? null : m;
        });
    }

    @Override
    public void insertAnnotation(MailboxId id, MailboxAnnotation annotation) {
        if (annotation.isNil()) {
            throw new IllegalArgumentException("a nil annotation is a deletion, not a value: "
                    + annotation.getKey().asString());
        }
        byMailbox.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(annotation.getKey(), annotation);
    }

    @Override
    public boolean exist(MailboxId id, MailboxAnnotation annotation) {
        return of(id).containsKey(annotation.getKey());
    }

    @Override
    public int countAnnotations(MailboxId id) {
        return of(id).size();
    }
}
