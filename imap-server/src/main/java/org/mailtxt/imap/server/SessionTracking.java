package org.mailtxt.imap.server;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.IdleRequest;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;
import org.mailtxt.imap.mailbox.MailboxAccess;
import org.mailtxt.imap.mailbox.MailtxtMailboxId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The front of James's processor chain: after every command it tells {@link MailboxAccess} which mailbox the session
 * has selected (so that file stays open, and watched, while selected, and is released when not), and it routes IDLE
 * to {@link PushingIdleProcessor}, which also pushes flag changes (James 3.8.1 drops them during IDLE). Everything
 * else goes to James's default chain unchanged. Thread-safe.
 */
final class SessionTracking implements ImapProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTracking.class);
    private final ImapProcessor chain;
    private final PushingIdleProcessor idle;
    private final MailboxAccess access;

    SessionTracking(ImapProcessor chain, MailboxManager manager, MetricFactory metrics, MailboxAccess access) {
        this.chain = chain;
        this.idle = new PushingIdleProcessor(manager, metrics);
        this.access = access;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        Mono<Void> work = message instanceof IdleRequest
                ? idle.processReactive(message, responder, session) : chain.processReactive(message, responder, session);
        return work.then(Mono.fromRunnable(() -> track(session)));
    }

    private void track(ImapSession session) {
        SelectedMailbox selected = session.getSelected();
        Object owner = session.sessionId();
        if (selected != null && selected.getMailboxId() instanceof MailtxtMailboxId id) {
            try {
                access.pin(owner, id, () -> session.getState() == ImapSessionState.SELECTED
                        && session.getSelected() != null && id.equals(session.getSelected().getMailboxId()));
            } catch (Exception e) {
                LOG.debug("could not keep {} open: {}", id, e.toString());
            }
        } else {
            access.unpin(owner);
        }
    }

    @Override
    public void configure(ImapConfiguration configuration) {
        chain.configure(configuration);
        idle.configure(configuration);
    }
}
