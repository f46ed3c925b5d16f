package io.couponflow.core.policy;

import java.util.List;

/**
 * A trained policy as stored: the head, how it explores, which encoder its states come from, and the
 * JSON summary of the training run that made it (data, settings, losses, OPE figures).
 *
 * @param encoderVersion the encoder whose states the head was trained on; null for a hand-made policy
 *                       that claims none
 * @param members        bootstrap heads whose spread of uplift makes the policy pessimistic (may be empty)
 * @param pessimism      κ: standard deviations of uplift subtracted from a coupon's score (0: plain Q)
 * @param status PASSED_GATE or REJECTED by the promotion gate, CANDIDATE when stored by hand; whether it
 *               serves is said only by the ACTIVE pointer
 */
public record PolicyVersion(String version, QHead head, double epsilon, String encoderVersion, long createdAt,
                            String status, String summaryJson, List<QHead> members, double pessimism) {

    public PolicyVersion {
        members = List.copyOf(members);
        if (!(pessimism >= 0)) {
            throw new IllegalArgumentException("pessimism must be >= 0, got " + pessimism);
        }
    }

    /** A single head served by its Q alone (no bootstrap members). */
    public PolicyVersion(String version, QHead head, double epsilon, String encoderVersion, long createdAt,
                         String status, String summaryJson) {
        this(version, head, epsilon, encoderVersion, createdAt, status, summaryJson, List.of(), 0);
    }

    /** The scores this policy ranks the candidates by (candidate 0 is "none"); see {@link PessimisticScores}. */
    public double[] scores(List<double[]> phis, double[] z) {
        return PessimisticScores.scores(head, members, pessimism, phis, z);
    }

    /** Whether this head may score states from {@code encoder}. */
    public boolean servesEncoder(String encoder) {
        return encoderVersion == null || encoderVersion.equals(encoder);
    }
}
