package io.couponflow.core.learn;

import io.couponflow.core.ope.Estimate;

import java.util.List;
import java.util.Map;

/**
 * What one retraining run did; stored with the version it produced and returned by the function.
 *
 * @param outcome        PROMOTED, KEPT_AS_CANDIDATE, INSUFFICIENT_DATA or PROMOTION_CONFLICT (ACTIVE moved meanwhile)
 * @param trainMillis    training time of the point head
 * @param bootstrapHeads heads trained on resamples and stored with the version (0: the policy is plain Q)
 * @param pessimism      κ the version serves with
 * @param runMillis      the whole run: reading, all heads, the gate
 */
public record RetrainSummary(String outcome, String version, String activeBefore, String activeAfter,
                             int decisionsRead, int decisionsClosed, int transitionsTrain, int transitionsValidation,
                             int heldOutRounds, double gamma, String stoppedBy, int bestEpoch, long steps,
                             List<Double> trainLoss, List<Double> validationLoss,
                             Map<String, Estimate> candidateEstimates, Map<String, Estimate> activeEstimates,
                             double drDifference, double[] drDifferenceInterval, String gateReason,
                             long trainMillis, double transitionsPerSecond, int bootstrapHeads, double pessimism,
                             long runMillis) {
}
