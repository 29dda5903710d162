package org.mailtxt.mailstore;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Matches the messages the index knew (in file order) with the records found in the file now, by fingerprint, and
 * decides what became of each: kept (with its UID, possibly at another offset after a foreign expunge), expunged by
 * another process, or new (appended since, to get UIDs above all others). IMAP needs UIDs to ascend with the
 * sequence, and c-client only ever appends at the end or removes records without reordering: so the file should be
 * the known messages minus some, plus new ones at the end. Only a non-empty file sharing nothing with a non-empty
 * index counts as replaced beyond recognition (a new UIDVALIDITY). Pure function; thread-safe.
 */
final class Reconciler {
    private Reconciler() {
    }

    /**
     * @param replaced the file must get a new UIDVALIDITY and all-new UIDs
     * @param matchedKnown for each current record, the index of the known message it is, or -1 if new
     * @param expunged for each known message, true if it is gone from the file
     */
    record Result(boolean replaced, int[] matchedKnown, boolean[] expunged) {
        int newCount() {
            int n = 0;
            for (int k : matchedKnown) {
                if (k < 0) {
                    n++;
                }
            }
            return n;
        }
    }

    static Result reconcile(long[] knownFingerprints, long[] currentFingerprints) {
        int known = knownFingerprints.length;
        int current = currentFingerprints.length;
        Map<Long, ArrayDeque<Integer>> positions = new HashMap<>();
        for (int i = 0; i < known; i++) {
            positions.computeIfAbsent(knownFingerprints[i], f -> new ArrayDeque<>()).add(i);
        }
        int[] matched = new int[current];
        Arrays.fill(matched, -1);
        boolean[] expunged = new boolean[known];
        Arrays.fill(expunged, true);
        int nextKnown = 0;
        int matches = 0;
        // Greedy earliest match keeps the longest prefix of the file matched (duplicates included). After the first
        // record that matches nothing, everything is new: a known record met again past that point cannot keep its
        // UID below the new ones, so it counts as expunged and appended again.
        for (int j = 0; j < current; j++) {
            ArrayDeque<Integer> q = positions.get(currentFingerprints[j]);
            while (q != null && !q.isEmpty() && q.peekFirst() < nextKnown) {
                q.pollFirst();
            }
            if (q == null || q.isEmpty()) {
                break;
            }
            int i = q.pollFirst();
            matched[j] = i;
            expunged[i] = false;
            nextKnown = i + 1;
            matches++;
        }
        boolean replaced = known > 0 && current > 0 && matches == 0;
        return new Result(replaced, matched, expunged);
    }
}
