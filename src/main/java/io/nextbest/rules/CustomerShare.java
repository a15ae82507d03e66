package io.nextbest.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which customers fall in a share of the population: a customer's place in 10,000 buckets comes from a
 * hash of their id salted with the rollout's name, so every replica, every restart and every request puts
 * a customer in the same place, and a wider share of the same rollout keeps everyone the narrower one had.
 * The salt gives each candidate its own slice: the same customers are not always the first to see changes.
 */
public final class CustomerShare {
    static final int BUCKETS = 10_000;

    private CustomerShare() {
    }

    /** @param percent 0 to 100, to the hundredth */
    public static boolean within(String salt, String customerId, double percent) {
        return bucket(salt, customerId) < Math.round(percent * BUCKETS / 100);
    }

    static int bucket(String salt, String customerId) {
        byte[] hash = sha256().digest((salt + '\n' + customerId).getBytes(StandardCharsets.UTF_8));
        long first8 = 0;
        for (int i = 0; i < 8; i++) {
            first8 = first8 << 8 | (hash[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(first8, BUCKETS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("Every Java runtime has SHA-256", missing);
        }
    }
}
