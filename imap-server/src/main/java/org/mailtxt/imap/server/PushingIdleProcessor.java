package org.mailtxt.imap.server;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.IdleRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.imap.processor.IdleProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;
import reactor.core.publisher.Mono;

/**
 * James's IDLE, plus what James 3.8.1 leaves out (JAMES-WIRING.md pitfall 1): its idle listener builds the response
 * before the event is applied and then drops pending flag changes, so neither another session's STORE nor an
 * external flag change ever reached an idling client. Re-registering the idle listener to send all pending
 * unsolicited responses (EXISTS, EXPUNGE, FETCH FLAGS) after each event fixes it with James's own code paths.
 * Thread-safe as IdleProcessor is.
 */
final class PushingIdleProcessor extends IdleProcessor {
    PushingIdleProcessor(MailboxManager manager, MetricFactory metrics) {
        super(manager, new UnpooledStatusResponseFactory(), metrics);
    }

    @Override
    protected Mono<Void> processRequestReactive(IdleRequest request, ImapSession session, Responder responder) {
        return super.processRequestReactive(request, session, responder).then(Mono.fromRunnable(() -> {
            SelectedMailbox selected = session.getSelected();
            if (selected != null) {
                selected.registerIdle(event -> unsolicitedResponses(session, responder, false)
                        .then(Mono.fromRunnable(responder::flush)));
            }
        }));
    }
}
