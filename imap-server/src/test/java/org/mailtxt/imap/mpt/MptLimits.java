package org.mailtxt.imap.mpt;

import static java.util.Map.entry;

import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The MPT script tests mailtxt does not pass, each with its reason: a mailtxt design or format limit, or a James 3.8.1
 * behaviour over Netty that mailtxt inherits. They are skipped with "mailtxt MPT limit: reason" (surefire reports
 * list them) and docs/COMPLIANCE.md section 2 explains each. James's suites declare their test methods in their
 * own abstract classes, so a test is named here as {@code <James suite>#<method>}. Register with
 * {@code @ExtendWith(MptLimits.class)}. Immutable.
 */
public final class MptLimits implements ExecutionCondition {
    static final String FOLDER = "a name with inferiors is a folder (a directory), not a mailbox: tenex/mtx files"
            + " cannot have inferiors (c-client's layout), so it cannot be selected, and deleting it is refused"
            + " while it has inferiors (RFC 3501 6.3.4, \\Noselect)";
    static final String SUPERIOR_FOLDERS = "RENAME creates the superior names of the new name as folders (directories,"
            + " as RFC 3501 6.3.5 asks), and LIST shows them; James creates no mailbox for them, so the script's LIST"
            + " lacks them";
    static final String NAMESPACE = "mailtxt has the personal namespace only: a mailbox in another namespace cannot"
            + " be created for the script";
    static final String RENAME_SELECTED = "mailbox ids are (user, name): after RENAME of a mailbox a session has"
            + " selected, that session's selection names a mailbox that no longer exists and its next FETCH fails"
            + " (James keeps ids across renames)";
    static final String DELEGATION = "AUTHENTICATE PLAIN with an authorization identity other than the"
            + " authenticated user is refused: mailtxt has no delegation (the script expects it to be ignored)";

    private static final Map<String, String> REASONS = Map.ofEntries(
            entry("ConcurrentSessions#testConcurrentRenameSelectedUS", RENAME_SELECTED),
            entry("ConcurrentSessions#testConcurrentRenameSelectedITALY", RENAME_SELECTED),
            entry("ConcurrentSessions#testConcurrentRenameSelectedKOREA", RENAME_SELECTED),
            entry("ConcurrentSessions#testConcurrentRenameSelectedSubUS", RENAME_SELECTED),
            entry("ConcurrentSessions#testConcurrentRenameSelectedSubITALY", RENAME_SELECTED),
            entry("ConcurrentSessions#testConcurrentRenameSelectedSubKOREA", RENAME_SELECTED),
            entry("Rename#testRenameSelectedUS", RENAME_SELECTED),
            entry("Rename#testRenameSelectedIT", RENAME_SELECTED),
            entry("Rename#testRenameSelectedKO", RENAME_SELECTED),
            entry("Rename#testRenameHierarchyUS", SUPERIOR_FOLDERS),
            entry("Rename#testRenameHierarchyKO", SUPERIOR_FOLDERS),
            entry("Rename#testRenameHierarchyIT", SUPERIOR_FOLDERS),
            entry("AuthenticatedState#testSelectEmptyUS", FOLDER),
            entry("AuthenticatedState#testSelectEmptyITALY", FOLDER),
            entry("AuthenticatedState#testSelectEmptyKOREA", FOLDER),
            entry("AuthenticatedState#testExamineEmptyUS", FOLDER),
            entry("AuthenticatedState#testExamineEmptyITALY", FOLDER),
            entry("AuthenticatedState#testExamineEmptyKOREA", FOLDER),
            entry("SelectedInbox#testSelectEmptyUS", FOLDER), entry("SelectedInbox#testSelectEmptyITALY", FOLDER),
            entry("SelectedInbox#testSelectEmptyKOREA", FOLDER), entry("SelectedInbox#testExamineEmptyUS", FOLDER),
            entry("SelectedInbox#testExamineEmptyITALY", FOLDER), entry("SelectedInbox#testExamineEmptyKOREA", FOLDER),
            entry("Listing#testListPercentWildcardUS", FOLDER), entry("Listing#testListPercentWildcardITALY", FOLDER),
            entry("Listing#testListPercentWildcardKOREA", FOLDER),
            entry("AuthenticatedState#listShouldNotListMailboxWithOtherNamespaceUS", NAMESPACE),
            entry("AuthenticatedState#listShouldNotListMailboxWithOtherNamespaceITALY", NAMESPACE),
            entry("AuthenticatedState#listShouldNotListMailboxWithOtherNamespaceKOREA", NAMESPACE),
            entry("AuthenticatePlain#testAuthenticatePlainUS", DELEGATION),
            entry("AuthenticatePlain#testAuthenticatePlainITALY", DELEGATION),
            entry("AuthenticatePlain#testAuthenticatePlainKOREA", DELEGATION));

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("a class");
        }
        String key = context.getTestMethod().get().getDeclaringClass().getSimpleName() + "#"
                + context.getTestMethod().get().getName();
        String reason = REASONS.get(key);
        return reason == null ? ConditionEvaluationResult.enabled("not a known limit")
                : ConditionEvaluationResult.disabled("mailtxt MPT limit: " + reason);
    }
}
