package org.mailtxt.tests.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A weighted choice of {@link Operation}s parsed from {@code append=2,fetch-headers=5,...}. Immutable; {@link #pick}
 * is safe from any thread with that thread's own random generator.
 */
final class Mix {
    private final Map<Operation, Integer> weights;
    private final Operation[] table;

    Mix(String spec) {
        weights = new EnumMap<>(Operation.class);
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("--mix entry '" + part + "' is not op=weight");
            }
            int w = Integer.parseInt(kv[1].trim());
            if (w < 0) {
                throw new IllegalArgumentException("--mix weight of " + kv[0] + " is negative");
            }
            weights.merge(Operation.ofKey(kv[0]), w, Integer::sum);
        }
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            throw new IllegalArgumentException("--mix has no positive weight");
        }
        table = new Operation[total];
        int i = 0;
        for (Map.Entry<Operation, Integer> e : weights.entrySet()) {
            for (int k = 0; k < e.getValue(); k++) {
                table[i++] = e.getKey();
            }
        }
    }

    Operation pick(RandomGenerator random) {
        return table[random.nextInt(table.length)];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        weights.forEach((op, w) -> sb.append(sb.isEmpty() ? "" : ",").append(op.key()).append('=').append(w));
        return sb.toString();
    }
}
