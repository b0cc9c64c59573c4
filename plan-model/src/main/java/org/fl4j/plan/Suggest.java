package org.fl4j.plan;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" suggestions: the closest known word within a small edit distance. */
final class Suggest {

    private Suggest() {
    }

    static Optional<String> closest(String word, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        int allowed = Math.max(2, word.length() / 3);
        if (best != null && bestDistance <= allowed) {
            return Optional.of(best);
        }
        // A word that is the start of a known one (aggregation -> aggregation_type) is also a likely slip.
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        return known.stream().filter(k -> lower.length() >= 4 && k.toLowerCase(java.util.Locale.ROOT)
                .startsWith(lower)).findFirst();
    }

    /** " (did you mean 'x'?)" or "". */
    static String hint(String word, Collection<String> known) {
        return closest(word, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
