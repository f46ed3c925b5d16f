package io.couponflow.core.decision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A shopper's place on the hash circle [0, 2³²): the first four bytes of SHA-256 of the user id, as an
 * unsigned number. The decision index is partitioned and sorted by it (so one partition per day is never
 * hot), and retraining samples shoppers by arcs of it: a user's hash does not depend on what the user
 * did, so the users on any arc are a uniform random sample of all users, each with all their decisions.
 * Stored in keys: never change it.
 */
public final class UserHash {
    /** The size of the circle, 2³². */
    public static final long SPACE = 1L << 32;

    private UserHash() {
    }

    public static long of(String userId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
