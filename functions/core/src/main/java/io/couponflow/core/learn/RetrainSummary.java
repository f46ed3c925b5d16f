package io.couponflow.core.learn;

import io.couponflow.core.coupon.BudgetDay;
import io.couponflow.core.ope.Estimate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one retraining run did; stored with the version it produced and returned by the function.
 *
 * @param outcome             PROMOTED, KEPT_AS_CANDIDATE, INSUFFICIENT_DATA or PROMOTION_CONFLICT (ACTIVE moved meanwhile)
 * @param data                how much was read and used
 * @param gamma               the discount learnt with
 * @param iterations          Q-iterations run (0 for γ = 0)
 * @param stoppedBy           how learning ended ("converged", "max-iterations", "deadline"), or why nothing was learnt
 * @param penalties           the conversion head's penalties as the evidence chose them (PolicyLearner.Result)
 * @param effectiveParameters how many of its parameters the data determine
 * @param valuePerCart        v: margin of a sale per unit of cart value, learnt from the credited sales
 * @param posteriorDraws      conversion heads drawn from the posterior and stored with the version
 * @param exploration         how the version explores (EPSILON_GREEDY or THOMPSON) beyond ε
 * @param epsilon             the version's ε (the lock-in guard's when it acted)
 * @param couponShare         the learnt policy's mean probability of a coupon over its training states
 * @param lockInGuarded       the lock-in guard raised ε because that share was below its threshold
 * @param learnMillis         learning the policy
 * @param runMillis           the whole run: reading, learning, the gate
 * @param budgets             how each budgeted coupon's budget went the day before the run (BudgetDayReport)
 * @param refit               what serves after a promotion: the refit on every closed decision, or why the policy the
 *                            gate judged serves instead; null when nothing was promoted
 */
public record RetrainSummary(String outcome, String version, String activeBefore, String activeAfter, Data data,
                             double gamma, int iterations, String stoppedBy, double[] penalties,
                             double effectiveParameters, double valuePerCart, int posteriorDraws, String exploration,
                             double epsilon, double pessimism, double couponShare, boolean lockInGuarded,
                             Map<String, Estimate> candidateEstimates,
                             Map<String, Estimate> activeEstimates, double drDifference, double[] drDifferenceInterval,
                             String gateReason, long learnMillis, long runMillis, List<BudgetDay> budgets,
                             Refit refit) {

    /**
     * The refit of a promoted candidate (RetrainJob).
     *
     * @param outcome     SERVED (the refit serves); SKIPPED_DEADLINE (the time budget was spent);
     *                    SKIPPED_TIME (its expected time was more than what remained of the budget);
     *                    NO_SALE (no credited sale to learn from: the judged policy serves)
     * @param transitions transitions the refit learnt from (0 when skipped)
     * @param millis      its learning time (0 when skipped)
     * @param expectedMillis the time it was expected to take: the candidate's, scaled by the data
     */
    public record Refit(String outcome, int transitions, long millis, long expectedMillis) {
    }

    /**
     * @param decisionsRead    decisions of the lookback read from the log
     * @param decisionsClosed  of the sample, those closed, with a state, of the newest encoder
     * @param transitions      transitions learnt from
     * @param heldOutDecisions decisions the gate judges on
     * @param baselineServed   closed decisions that served the shop's baseline (outside the live share):
     *                         neither learnt from as actions nor judged on (RetrainJob)
     * @param decisionsSampled decisions of the sampled shoppers (all read, less what the last arc brought past the cap)
     * @param samplingRate     share of shoppers sampled (1: all); every estimate is of the whole population's value
     * @param maxDecisions     the cap on decisions a night reads
     * @param readMillis       reading the sample
     */
    public record Data(int decisionsRead, int decisionsClosed, int transitions, int heldOutDecisions, int baselineServed,
                       int decisionsSampled, double samplingRate, int maxDecisions, long readMillis) {
    }

    static RetrainSummary insufficient(Data data, String active, double gamma, String why, long runStart,
                                       List<BudgetDay> budgets) {
        return new RetrainSummary("INSUFFICIENT_DATA", null, active, active, data, gamma, 0, why, new double[0], 0, 0, 0,
                null, 0, 0, 0, false, Map.of(), Map.of(), 0, new double[]{0, 0}, why, 0, millisSince(runStart), budgets,
                null);
    }

    static RetrainSummary trained(String outcome, String version, String before, String after, Data data,
                                  PolicyLearner.Settings settings, PolicyLearner.Result learnt, PromotionGate.Verdict v,
                                  long learnMillis, long runStart, List<BudgetDay> budgets, Refit refit) {
        return new RetrainSummary(outcome, version, before, after, data, settings.gamma(), learnt.iterations(),
                learnt.stoppedBy(), learnt.penalties(), learnt.effectiveParameters(), learnt.policy().valuePerCart(),
                learnt.policy().draws().size(), learnt.policy().exploration().name(), learnt.policy().epsilon(),
                learnt.policy().pessimism(), learnt.couponShare(), learnt.lockInGuarded(), new HashMap<>(v.candidate()),
                new HashMap<>(v.active()), v.drDifference(), v.drDifferenceInterval(), v.reason(), learnMillis,
                millisSince(runStart), budgets, refit);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
