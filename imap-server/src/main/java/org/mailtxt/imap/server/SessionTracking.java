package org.mailtxt.imap.server;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.message.response.ExistsResponse;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.response.ImmutableStatusResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.imap.message.request.IdleRequest;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;
import org.mailtxt.imap.mailbox.MailboxAccess;
import org.mailtxt.imap.mailbox.MailtxtMailboxId;
import org.mailtxt.imap.mailbox.MailtxtMessageMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The front of James's processor chain: after every command it tells {@link MailboxAccess} which mailbox the session
 * has selected (so that file stays open, and watched, while selected, and is released when not), and it routes IDLE
 * to {@link PushingIdleProcessor}, which also pushes flag changes (James 3.8.1 drops them during IDLE). Everything
 * else goes to James's default chain unchanged. A session whose selected mailbox another session deleted is ended
 * with {@code * BYE Selected mailbox has been deleted} at its next command. Thread-safe.
 */
final class SessionTracking implements ImapProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTracking.class);
    private static final StatusResponse SELECTED_DELETED = new UnpooledStatusResponseFactory().bye(
            new HumanReadableText("org.mailtxt.selected-deleted", "Selected mailbox has been deleted"));
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
        SelectedMailbox current = session.getSelected();
        if (current != null && current.isDeletedByOtherSession()) {
            // RFC 2180 3.1 lets the server end such a session; James 3.8.1 does it only in its in-process stream
            // handler, so over Netty the session stayed selected on a mailbox that was gone. The command is not run.
            responder.respond(SELECTED_DELETED);
            responder.flush();
            return session.logout().then(Mono.fromRunnable(() -> track(session)));
        }
        Responder answering = new AnswerFixes(responder, session);
        Mono<Void> work = message instanceof IdleRequest
                ? idle.processReactive(message, answering, session) : chain.processReactive(message, answering, session);
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

    /**
     * Corrects three of James 3.8.1's answers on their way out:
     * <ul>
     * <li>an EXISTS count always is the selected session's own message count. James's SELECT lists the session's
     * UIDs, then counts the mailbox again for EXISTS; another session's APPEND or EXPUNGE in between made the two
     * disagree, and the client then got {@code BAD Invalid messageset} for a FETCH of its last message (seen under
     * load) or message numbers off by one. The session's count is what its message numbers resolve against; the
     * change in between reaches the client as the usual EXISTS or EXPUNGE afterwards;
     * <li>its generic "NO ... failed" for an expunge the mailstore refused (another process holds the file) becomes
     * {@code NO [INUSE]} with the reason, as c-client's rule deserves a code clients understand (RFC 5530);
     * <li>its {@code [MODIFIED 0 1]} for a conditional STORE that failed (a stray number 0 before the set, which a
     * client parses as the set) becomes RFC 7162's {@code [MODIFIED 1]}.
     * </ul>
     */
    private static final class AnswerFixes implements Responder {
        private static final UnpooledStatusResponseFactory RESPONSES = new UnpooledStatusResponseFactory();
        /**
         * RFC 5530's INUSE. James 3.8.1 only builds extension codes with an "X" prefix, so the code is made with its
         * private constructor (James is on the class path, not a named module); failing that, XINUSE.
         */
        private static final StatusResponse.ResponseCode IN_USE = inUseCode();

        private static StatusResponse.ResponseCode inUseCode() {
            try {
                var c = StatusResponse.ResponseCode.class.getDeclaredConstructor(String.class);
                c.setAccessible(true);
                return c.newInstance("INUSE");
            } catch (ReflectiveOperationException | RuntimeException e) {
                return StatusResponse.ResponseCode.createExtension("INUSE");
            }
        }

        /** ResponseCode's private (code, parameters, number, parens) constructor, looked up once; null if absent. */
        private static final java.lang.reflect.Constructor<StatusResponse.ResponseCode> CODE_WITH_PARAMETERS =
                codeConstructor();

        private static java.lang.reflect.Constructor<StatusResponse.ResponseCode> codeConstructor() {
            try {
                var c = StatusResponse.ResponseCode.class.getDeclaredConstructor(String.class,
                        java.util.Collection.class, long.class, boolean.class);
                c.setAccessible(true);
                return c;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** RFC 7162's MODIFIED code with James's set, without the number James puts before it; null if unbuildable. */
        private static StatusResponse.ResponseCode modifiedCode(java.util.Collection<String> set) {
            if (CODE_WITH_PARAMETERS == null) {
                return null;
            }
            try {
                return CODE_WITH_PARAMETERS.newInstance("MODIFIED", set, (long) StatusResponse.ResponseCode.NO_NUMBER,
                        false);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        private final Responder delegate;
        private final ImapSession session;

        AnswerFixes(Responder delegate, ImapSession session) {
            this.delegate = delegate;
            this.session = session;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof StatusResponse status && status.getServerResponseType() == StatusResponse.Type.NO
                    && status.getTag() != null && session.getMailboxSession() != null) {
                Object reason = session.getMailboxSession().getAttributes().remove(MailtxtMessageMapper.IN_USE_ATTRIBUTE);
                if (reason != null) {
                    delegate.respond(RESPONSES.taggedNo(status.getTag(), status.getCommand(),
                            new HumanReadableText("org.mailtxt.inuse", reason.toString()),
                            IN_USE));
                    return;
                }
            }
            if (message instanceof ExistsResponse exists) {
                SelectedMailbox selected = session.getSelected();
                if (selected != null && selected.existsCount() != exists.getNumberOfMessages()) {
                    delegate.respond(new ExistsResponse(selected.existsCount()));
                    return;
                }
            }
            if (message instanceof StatusResponse status && status.getResponseCode() != null
                    && "MODIFIED".equals(status.getResponseCode().getCode())
                    && status.getResponseCode().getNumber() != StatusResponse.ResponseCode.NO_NUMBER) {
                StatusResponse.ResponseCode fixed = modifiedCode(status.getResponseCode().getParameters());
                if (fixed != null) {
                    delegate.respond(new ImmutableStatusResponse(status.getServerResponseType(), status.getTag(),
                            status.getCommand(), status.getTextKey(), fixed));
                    return;
                }
            }
            delegate.respond(message);
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }

    @Override
    public void configure(ImapConfiguration configuration) {
        chain.configure(configuration);
        idle.configure(configuration);
    }
}
