package io.couponflow.core.policy;

/**
 * A trained policy as stored: the decision rule, which encoder its states come from, and the JSON
 * summary of the training run that made it (data, settings, losses, OPE figures).
 *
 * @param encoderVersion the encoder whose states the head was trained on; null for a hand-made policy
 *                       that claims none
 * @param status PASSED_GATE or REJECTED by the promotion gate, CANDIDATE when stored by hand; whether it
 *               serves is said only by the ACTIVE pointer
 */
public record PolicyVersion(String version, Policy policy, String encoderVersion, long createdAt,
                            String status, String summaryJson) {

    public QHead head() {
        return policy.conversion();
    }

    /** Whether this head may score states from {@code encoder}. */
    public boolean servesEncoder(String encoder) {
        return encoderVersion == null || encoderVersion.equals(encoder);
    }
}
