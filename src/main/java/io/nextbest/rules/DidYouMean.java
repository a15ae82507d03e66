package io.nextbest.rules;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known word a misspelt one was probably meant to be: within one or two edits, case aside. */
final class DidYouMean {
    private DidYouMean() {
    }

    /** The closest of {@code known} to {@code word} other than itself, when close enough to be a slip. */
    static Optional<String> closest(String word, Collection<String> known) {
        String typed = word.toLowerCase(Locale.ROOT);
        // Short words are one edit from many others: allow one edit up to four letters, two beyond.
        int allowed = typed.length() <= 4 ? 1 : 2;
        String best = null;
        int bestDistance = allowed + 1;
        for (String candidate : known) {
            if (candidate.equals(word)) {
                return Optional.empty();
            }
            int distance = distance(typed, candidate.toLowerCase(Locale.ROOT), bestDistance);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Edits (insert, delete, replace, swap of neighbours) from a to b; {@code limit} or more once past it. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return Math.min(d[a.length()][b.length()], limit);
    }
}
