package io.couponflow.core.learn;

import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.ope.DoublyRobust;
import io.couponflow.core.ope.Estimate;
import io.couponflow.core.ope.Estimators;
import io.couponflow.core.ope.LoggedRound;
import io.couponflow.core.ope.OffPolicyEstimator;
import io.couponflow.core.policy.EpsilonGreedy;
import io.couponflow.core.policy.PessimisticScores;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a candidate head may replace the serving policy, from held-out logged decisions.
 *
 * <p>Rule: every estimator is computed for both policies with a bootstrap interval; the candidate is
 * promoted only if the paired bootstrap interval of DR(candidate) − DR(active), over the same
 * held-out rounds, lies entirely above zero, its SNIPS estimate is not below the active policy's, and
 * its DR estimate is not below that of giving no coupon with the same exploration: beating a costly
 * serving policy (the cold start, say) is not enough if the candidate's coupons lose money.
 * The serving policy when none is trained yet is the cold-start one, evaluated by the probabilities it
 * logged.
 */
public final class PromotionGate {

    /**
     * A policy to evaluate: a head (with bootstrap members and pessimism κ, see PessimisticScores) and
     * its exploration rate; or no head for the cold-start policy, which is whatever logged each
     * decision while no policy served (its logged probabilities, exact whatever its exploration rate).
     */
    public record Evaluated(QHead head, double epsilon, List<QHead> members, double pessimism) {
        public Evaluated(QHead head, double epsilon) {
            this(head, epsilon, List.of(), 0);
        }

        public static Evaluated coldStart() {
            return new Evaluated(null, 1.0);
        }

        /**
         * "No coupon", exploring as much as {@code like} does (a head of zeros ties everywhere and
         * ties go to index 0, "none"): the floor a promoted policy must not fall below, so that its
         * choices, not its exploration, are what is compared.
         */
        public static Evaluated noCouponLike(Evaluated like) {
            return new Evaluated(QHead.zeros(like.head().actionDim(), like.head().stateDim()), like.epsilon());
        }

        public static Evaluated of(PolicyVersion v) {
            return new Evaluated(v.head(), v.epsilon(), v.members(), v.pessimism());
        }

        double[] probabilities(DecisionRecord d) {
            int n = d.candidates().size();
            if (head == null) {
                if (d.probabilities() != null && d.probabilities().length == n) {
                    return d.probabilities();
                }
                double[] p = new double[n];
                java.util.Arrays.fill(p, 1.0 / n);
                return p;
            }
            double[] scores = PessimisticScores.scores(head, members, pessimism,
                    d.candidates().stream().map(DecisionRecord.Candidate::phi).toList(), d.state());
            return EpsilonGreedy.probabilities(scores, epsilon);
        }
    }

    public record Verdict(boolean promote, Map<String, Estimate> candidate, Map<String, Estimate> active,
                          double drDifference, double[] drDifferenceInterval, int rounds, String reason) {
    }

    private final Bootstrap bootstrap;

    private final int minRounds;

    public PromotionGate(Bootstrap bootstrap) {
        this(bootstrap, 0);
    }

    /**
     * @param minRounds fewer held-out decisions than this: estimates are reported, nothing is promoted
     *                  (percentile intervals and inverse-propensity weights are unreliable on a few dozen
     *                  rounds; a promotion on them is a coin toss)
     */
    public PromotionGate(Bootstrap bootstrap, int minRounds) {
        this.bootstrap = bootstrap;
        this.minRounds = minRounds;
    }

    public Verdict judge(List<DecisionRecord> heldOut, Evaluated candidate, Evaluated active, QHead rewardModel) {
        List<LoggedRound> cand = rounds(heldOut, candidate, rewardModel);
        List<LoggedRound> act = rounds(heldOut, active, rewardModel);
        if (cand.isEmpty()) {
            return new Verdict(false, Map.of(), Map.of(), 0, new double[]{0, 0}, 0, "no held-out decisions with a state");
        }
        Map<String, Estimate> ce = new LinkedHashMap<>();
        Map<String, Estimate> ae = new LinkedHashMap<>();
        for (OffPolicyEstimator e : Estimators.all()) {
            ce.put(e.id(), bootstrap.estimate(e, cand));
            ae.put(e.id(), bootstrap.estimate(e, act));
        }
        List<int[]> idx = new ArrayList<>();
        for (int i = 0; i < cand.size(); i++) {
            idx.add(new int[]{i});
        }
        DoublyRobust dr = new DoublyRobust();
        java.util.function.ToDoubleFunction<List<int[]>> diff = sample -> {
            List<LoggedRound> a = new ArrayList<>(sample.size());
            List<LoggedRound> b = new ArrayList<>(sample.size());
            for (int[] i : sample) {
                a.add(cand.get(i[0]));
                b.add(act.get(i[0]));
            }
            return dr.value(a) - dr.value(b);
        };
        double d = diff.applyAsDouble(idx);
        double[] ci = bootstrap.interval(idx, diff);
        boolean snipsOk = ce.get("snips").value() >= ae.get("snips").value();
        double noCoupon = dr.value(rounds(heldOut, Evaluated.noCouponLike(candidate), rewardModel));
        boolean paysForItself = ce.get("dr").value() >= noCoupon;
        boolean enough = cand.size() >= minRounds;
        boolean promote = enough && ci[0] > 0 && snipsOk && paysForItself;
        String reason = promote ? "DR difference interval above 0, SNIPS not worse, DR not below no-coupon's"
                : !enough ? cand.size() + " held-out decisions; a promotion needs " + minRounds
                : ci[0] <= 0 ? "DR difference interval reaches 0 or below"
                : !snipsOk ? "SNIPS estimate below the active policy's"
                : String.format(Locale.ROOT, "DR %.4f below never giving a coupon (%.4f)", ce.get("dr").value(), noCoupon);
        return new Verdict(promote, ce, ae, d, ci, cand.size(), reason);
    }

    static List<LoggedRound> rounds(List<DecisionRecord> decisions, Evaluated policy, QHead rewardModel) {
        List<LoggedRound> out = new ArrayList<>();
        for (DecisionRecord d : decisions) {
            if (d.state() == null) {
                continue;
            }
            double[] hat = new double[d.candidates().size()];
            for (int i = 0; i < hat.length; i++) {
                hat[i] = rewardModel.q(d.candidates().get(i).phi(), d.state());
            }
            double reward = d.reward() == null ? 0 : d.reward().value();
            out.add(new LoggedRound(reward, d.propensity(), d.chosenIndex(), policy.probabilities(d), hat));
        }
        return out;
    }
}
