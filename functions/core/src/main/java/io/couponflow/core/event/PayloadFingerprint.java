package io.couponflow.core.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A canonical hash of what an event says, stored with it so that a resend under the same
 * {@link EventKey} can be told apart: the same fingerprint is a duplicate, another one a conflict
 * (the approach of AWS Lambda Powertools' idempotency payload hash).
 * <p>
 * Hashed: type, itemId, category, price, query, orderValue, couponId, decisionId, sessionId, each
 * length-prefixed so that no two payloads share an encoding. Not hashed: the key itself, and
 * {@code ts}: many clients stamp an event with the time they send it, so an honest retry carries a
 * new ts; counting that as a conflict would reject every such retry. The first stored ts stands.
 * Changing this encoding turns resends of events stored before the change into conflicts.
 */
public final class PayloadFingerprint {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    private PayloadFingerprint() {
    }

    /** Base64url (no padding) of SHA-256 over the canonical payload: 43 characters. */
    public static String of(BehaviourEvent e) {
        StringBuilder s = new StringBuilder(96);
        field(s, e.type().wireName());
        field(s, e.itemId());
        field(s, e.category());
        field(s, e.price());
        field(s, e.query());
        field(s, e.orderValue());
        field(s, e.couponId());
        field(s, e.decisionId());
        field(s, e.sessionId());
        MessageDigest sha = SHA256.get();
        byte[] hash = sha.digest(s.toString().getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    private static void field(StringBuilder s, String v) {
        if (v == null) {
            s.append('-');
        } else {
            s.append(v.length()).append(':').append(v);
        }
    }

    private static void field(StringBuilder s, Double v) {
        // Double.toString is canonical for one double: 79.9 and 79.90 in JSON parse to the same value
        field(s, v == null ? null : Double.toString(v));
    }
}
