package io.couponflow.core.decision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Which shoppers couponflow serves when the shop sends its own choice beside a request (its baseline):
 * a shopper is live when a stable hash of the salt and the user id falls below {@code share}. The same
 * user is always in the same group (for a given salt and share), so an A/B comparison by group is a
 * randomised experiment over users; raising the share only moves users from baseline to live.
 *
 * @param share the share of users couponflow serves, in [0, 1] (default 1: everyone)
 * @param salt  changes the assignment (a new salt is a new experiment)
 */
public record LiveShare(double share, String salt) {
    public static final double DEFAULT_SHARE = 1.0;
    public static final String DEFAULT_SALT = "couponflow-ab";

    public LiveShare {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("live share must be in [0, 1], got " + share);
        }
        Objects.requireNonNull(salt, "salt");
    }

    /** Everyone live: behaviour without an experiment. */
    public static LiveShare everyone() {
        return new LiveShare(DEFAULT_SHARE, DEFAULT_SALT);
    }

    /** Whether couponflow serves this user. */
    public boolean live(String userId) {
        if (share >= 1) {
            return true;
        }
        return share > 0 && bucket(userId) < share;
    }

    /** The user's position in [0, 1): the first 53 bits of SHA-256(salt, user id). */
    public double bucket(String userId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            byte[] h = sha.digest(userId.getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (h[i] & 0xff);
            }
            return (bits >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
