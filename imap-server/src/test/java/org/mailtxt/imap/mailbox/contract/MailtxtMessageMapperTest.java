package org.mailtxt.imap.mailbox.contract;

import static java.util.Map.entry;
import static org.mailtxt.imap.mailbox.contract.DesignLimits.*;

import java.time.Instant;
import org.apache.james.mailbox.store.mail.model.MapperProvider;
import org.apache.james.mailbox.store.mail.model.MessageMapperTest;
import org.apache.james.utils.UpdatableTickingClock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** James's MessageMapper contract against the mailtxt mappers; exclusions say which design limit they meet. */
class MailtxtMessageMapperTest extends MessageMapperTest {
    @RegisterExtension
    static final DesignLimits LIMITS = new DesignLimits(Map.ofEntries(
            entry("messagesRetrievedUsingFetchTypeHeaderShouldHaveHeaderDataLoaded", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("messagesRetrievedUsingFetchTypeMetadataShouldHaveAtLastMetadataDataLoaded", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("messagesRetrievedUsingFetchTypeFullShouldHaveBodyDataLoaded", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("messagesCanBeRetrievedInMailboxWithRangeTypeOne", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("messagesCanBeRetrievedInMailboxWithRangeTypeRange", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("messagesCanBeRetrievedInMailboxWithRangeTypeRangeContainingAHole", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("messagesCanBeRetrievedInMailboxWithRangeTypeAll", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("messagesCanBeRetrievedInMailboxWithRangeTypeAllContainingHole", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("messagesCanBeRetrievedInMailboxWithRangeTypeFrom", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("messagesCanBeRetrievedInMailboxWithRangeTypeFromContainingAHole", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("deleteMessagesShouldReturnCorrectMetadataWithRange", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("deleteMessagesShouldReturnCorrectMetadataWithRangeFrom", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("deleteMessagesShouldReturnCorrectMetadataWithRangeAll", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("deleteMessagesShouldReturnCorrectMetadataWithRangeOne", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("deletingUnExistingMessageShouldHaveNoSideEffect", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("deleteMessagesInMailboxShouldReturnEmptyResultWhenNoMessageInMailboxIsDeleted", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("deleteMessagesShouldModifyUnderlyingStorageWithRange", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("deleteMessagesShouldModifyUnderlyingStorageWithRangeFrom", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("deleteMessagesShouldModifyUnderlyingStorageWithRangeAll", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("deleteMessagesShouldModifyUnderlyingStorageWithRangeOne", INTERNAL_DATE + "; " + MESSAGE_ID),
            entry("deleteShouldUpdateRecentWhenNeeded", RECENT),
            entry("deleteShouldNotUpdateRecentWhenNotNeeded", RECENT),
            entry("findRecentUidsInMailboxShouldReturnListOfMessagesHoldingFlagsRecent", RECENT),
            entry("resetRecentsShouldReturnUpdatedFlags", RECENT),
            entry("flagsReplacementShouldReturnAnUpdatedFlagHighlightingTheReplacement", RECENT),
            entry("flagsAdditionShouldReturnAnUpdatedFlagHighlightingTheAddition", RECENT),
            entry("flagsRemovalShouldReturnAnUpdatedFlagHighlightingTheRemoval", RECENT),
            entry("userFlagsUpdateShouldReturnCorrectUpdatedFlags", RECENT + "; " + MESSAGE_ID),
            entry("userFlagsUpdateShouldReturnCorrectUpdatedFlagsWhenNoop", RECENT + "; " + MESSAGE_ID),
            entry("mediaTypeShouldBeWellStored", MIME_PROPERTIES),
            entry("subTypeShouldBeWellStored", MIME_PROPERTIES),
            entry("textualLineCountShouldBeWellStored", MIME_PROPERTIES),
            entry("messagePropertiesShouldBeStored", MIME_PROPERTIES),
            entry("messagePropertiesShouldBeStoredWhenDuplicateEntries", MIME_PROPERTIES),
            entry("messagePropertiesShouldBeStoredWhenNoProperty", MIME_PROPERTIES),
            entry("getHighestMoseqShouldBeEqualToZeroOnEmptyMailbox", MODSEQ_START),
            entry("setFlagsShouldWorkWithConcurrencyWithRemove", KEYWORDS_30)));

    private MailtxtBackend backend;

    @Override
    protected MapperProvider createMapperProvider() {
        backend = MailtxtBackend.inTemporaryDirectory();
        return new MailtxtMapperProvider(backend);
    }

    @Override
    protected UpdatableTickingClock updatableTickingClock() {
        return new UpdatableTickingClock(Instant.now());
    }

    @AfterEach
    void closeBackend() throws Exception {
        backend.close();
    }
}
