package io.couponflow.core.policy;

/**
 * A trained policy as stored: the head, how it explores, which encoder its states come from, and the
 * JSON summary of the training run that made it (data, settings, losses, OPE figures).
 *
 * @param status CANDIDATE (trained, not serving), ACTIVE (serving), RETIRED (served before), REJECTED (failed the gate)
 */
public record PolicyVersion(String version, QHead head, double epsilon, String encoderVersion, long createdAt,
                            String status, String summaryJson) {
}
