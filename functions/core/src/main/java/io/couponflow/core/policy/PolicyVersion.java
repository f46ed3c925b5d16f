package io.couponflow.core.policy;

/**
 * A trained policy as stored: the decision rule, which encoder its states come from, and the JSON
 * summary of the training run that made it (data, settings, losses, OPE figures).
 *
 * @param policy         what serves when this version is active
 * @param encoderVersion the encoder whose states the head was trained on; null for a hand-made policy
 *                       that claims none
 * @param status         PASSED_GATE or REJECTED by the promotion gate, CANDIDATE when stored by hand; whether it
 *                       serves is said only by the ACTIVE pointer
 * @param judged         the policy the promotion gate judged, fitted on the decisions before its held-out
 *                       ones, when {@code policy} is its refit on all of them; null when {@code policy} is
 *                       itself the one judged. A later night's gate weighs its candidate against this one, so
 *                       that neither side is scored on decisions it learnt from (RetrainJob)
 */
public record PolicyVersion(String version, Policy policy, String encoderVersion, long createdAt,
                            String status, String summaryJson, Policy judged) {

    /** A version whose serving policy is the one the gate judged (or that no gate judged). */
    public PolicyVersion(String version, Policy policy, String encoderVersion, long createdAt, String status,
                         String summaryJson) {
        this(version, policy, encoderVersion, createdAt, status, summaryJson, null);
    }

    public QHead head() {
        return policy.conversion();
    }

    /** The policy a promotion gate weighs against: the one it judged, else the serving one. */
    public Policy gated() {
        return judged != null ? judged : policy;
    }

    /** Whether this head may score states from {@code encoder}. */
    public boolean servesEncoder(String encoder) {
        return encoderVersion == null || encoderVersion.equals(encoder);
    }
}
