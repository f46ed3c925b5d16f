package io.couponflow.core.learn;

import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.ope.DoublyRobust;
import io.couponflow.core.ope.Estimate;
import io.couponflow.core.ope.Estimators;
import io.couponflow.core.ope.LoggedRound;
import io.couponflow.core.ope.OffPolicyEstimator;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a candidate policy may replace the serving one, from held-out logged decisions.
 *
 * <p>Every estimator is computed for both policies with a bootstrap interval, and the paired bootstrap
 * interval of DR(candidate) − DR(serving) over the same held-out rounds. Rule: the candidate is
 * promoted only if
 * <ul>
 *   <li>there are at least {@code minRounds} held-out decisions,</li>
 *   <li>DR says it beats the serving policy: DR(candidate) − DR(serving) &gt; 0 on the same rounds, and</li>
 *   <li>its choices pay: the DR of acting on its point estimate alone (no exploration) is not below
 *       the DR of never giving a coupon. Beating a costly serving policy (the cold start, say) is not
 *       enough if the candidate's coupons lose money; its exploration is the price of learning and is
 *       not held against it here.</li>
 * </ul>
 * The point estimate, not the interval's lower end, decides "beats": measured on the offline loop
 * (README "Learning"), consecutive candidates differ by less than the held-out noise, so a 90%
 * interval kept better candidates on most nights and the serving policy went stale, while the
 * point rule kept nearly all of always-promoting's gain; the third condition is what keeps a policy
 * whose coupons lose money out. The serving policy when none is trained yet is the cold-start one,
 * evaluated by the probabilities it logged.
 */
public final class PromotionGate {

    /**
     * A policy to evaluate, or none for the cold-start policy: whatever logged each decision while no
     * policy served, evaluated by the probabilities it logged (exact whatever its exploration rate).
     */
    public record Evaluated(Policy policy) {

        public static Evaluated coldStart() {
            return new Evaluated(null);
        }

        /** Never a coupon (a head of zeros ties everywhere and ties go to index 0, "none"). */
        static Evaluated never(Evaluated like) {
            QHead h = like.policy().conversion();
            return new Evaluated(Policy.greedy(QHead.zeros(h.actionDim(), h.stateDim()), 0, 0));
        }

        /** {@code of}'s choices without exploration: the argmax of its point estimate. */
        static Evaluated greedy(Evaluated of) {
            Policy p = of.policy();
            return new Evaluated(new Policy(p.conversion(), List.of(), p.continuation(), p.valuePerCart(), 0, 0,
                    Policy.Exploration.EPSILON_GREEDY));
        }

        /** A stored version as a gate weighs it: the policy its own gate judged ({@link PolicyVersion#gated()}). */
        public static Evaluated of(PolicyVersion v) {
            return new Evaluated(v.gated());
        }

        double[] probabilities(DecisionRecord d) {
            int n = d.candidates().size();
            if (policy == null) {
                if (d.probabilities() != null && d.probabilities().length == n) {
                    return d.probabilities();
                }
                double[] p = new double[n];
                java.util.Arrays.fill(p, 1.0 / n);
                return p;
            }
            return policy.distribution(d.candidates(), d.state(), d.cartValue(), new double[n]).probabilities();
        }
    }

    /** The expected reward of each candidate of a logged decision (DM's and DR's model). */
    @FunctionalInterface
    public interface RewardModel {
        double[] expected(DecisionRecord d);
    }

    /**
     * What each decision's value includes beyond its own reward when the policy looks ahead (γ &gt; 0):
     * the same shopper's next decision within the horizon (null: terminal). Each round's outcome is
     * then the one-step Bellman target r + γ · V̂^π(s'), V̂^π(s') = Σ_a' π(a'|s') Q̂(s', a') with the
     * model's Q̂ (which then includes the continuation), so every estimator, DR first, estimates the
     * discounted return of the policy from each decision on (per-decision doubly robust evaluation with
     * a value bootstrap: Jiang &amp; Li 2016, Thomas &amp; Brunskill 2016). γ = 0: the reward alone.
     */
    public record LongRun(double gamma, java.util.function.Function<DecisionRecord, DecisionRecord> next) {
        public static final LongRun MYOPIC = new LongRun(0, d -> null);
    }

    public record Verdict(boolean promote, Map<String, Estimate> candidate, Map<String, Estimate> active,
                          double drDifference, double[] drDifferenceInterval, int rounds, String reason) {
    }

    private final Bootstrap bootstrap;

    private final int minRounds;
    private final LongRun longRun;

    public PromotionGate(Bootstrap bootstrap) {
        this(bootstrap, 0);
    }

    /**
     * @param minRounds fewer held-out decisions than this: estimates are reported, nothing is promoted
     *                  (percentile intervals and inverse-propensity weights are unreliable on a few dozen
     *                  rounds; a promotion on them is a coin toss)
     */
    public PromotionGate(Bootstrap bootstrap, int minRounds) {
        this(bootstrap, minRounds, LongRun.MYOPIC);
    }

    public PromotionGate(Bootstrap bootstrap, int minRounds, LongRun longRun) {
        this.bootstrap = bootstrap;
        this.minRounds = minRounds;
        this.longRun = longRun;
    }

    public Verdict judge(List<DecisionRecord> heldOut, Evaluated candidate, Evaluated active, RewardModel rewardModel) {
        List<LoggedRound> cand = rounds(heldOut, candidate, rewardModel, longRun);
        List<LoggedRound> act = rounds(heldOut, active, rewardModel, longRun);
        if (cand.isEmpty()) {
            return new Verdict(false, Map.of(), Map.of(), 0, new double[]{0, 0}, 0, "no held-out decisions with a state");
        }
        Map<String, Estimate> ce = new LinkedHashMap<>();
        Map<String, Estimate> ae = new LinkedHashMap<>();
        double perDay = decisionsPerDay(heldOut);
        double candSpread = stateVariance(cand);
        double actSpread = stateVariance(act);
        for (OffPolicyEstimator e : Estimators.all()) {
            ce.put(e.id(), bootstrap.estimate(e, cand).forDay(candSpread, perDay));
            ae.put(e.id(), bootstrap.estimate(e, act).forDay(actSpread, perDay));
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
        double noCoupon = dr.value(rounds(heldOut, Evaluated.never(candidate), rewardModel, longRun));
        double greedy = dr.value(rounds(heldOut, Evaluated.greedy(candidate), rewardModel, longRun));
        boolean paysForItself = greedy >= noCoupon;
        boolean enough = cand.size() >= minRounds;
        boolean promote = enough && d > 0 && paysForItself;
        String reason = promote ? String.format(Locale.ROOT, "DR beats the serving policy by %.4f; its choices earn %.4f vs %.4f without coupons",
                d, greedy, noCoupon)
                : !enough ? cand.size() + " held-out decisions; a promotion needs " + minRounds
                : d <= 0 ? String.format(Locale.ROOT, "DR does not beat the serving policy (difference %.4f)", d)
                : String.format(Locale.ROOT, "its choices earn %.4f by DR, below never giving a coupon (%.4f)", greedy, noCoupon);
        return new Verdict(promote, ce, ae, d, ci, cand.size(), reason);
    }

    /** The held-out decisions per day of their span (a span under a day counts as one day). */
    static double decisionsPerDay(List<DecisionRecord> heldOut) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (DecisionRecord d : heldOut) {
            first = Math.min(first, d.ts());
            last = Math.max(last, d.ts());
        }
        double days = heldOut.isEmpty() ? 1 : Math.max(1, (last - first) / 86_400_000.0);
        return heldOut.size() / days;
    }

    /** How much the policy's modelled value Σ π q̂ varies across the rounds' states. */
    static double stateVariance(List<LoggedRound> rounds) {
        double mean = 0;
        for (LoggedRound r : rounds) {
            mean += r.modelValue() / rounds.size();
        }
        double var = 0;
        for (LoggedRound r : rounds) {
            var += (r.modelValue() - mean) * (r.modelValue() - mean);
        }
        return rounds.size() < 2 ? 0 : var / (rounds.size() - 1);
    }

    static List<LoggedRound> rounds(List<DecisionRecord> decisions, Evaluated policy, RewardModel rewardModel, LongRun longRun) {
        List<LoggedRound> out = new ArrayList<>();
        for (DecisionRecord d : decisions) {
            if (d.state() == null) {
                continue;
            }
            double outcome = d.rewardValue();
            DecisionRecord next = longRun.gamma() == 0 ? null : longRun.next().apply(d);
            if (next != null && next.state() != null) {
                double[] p = policy.probabilities(next);
                double[] q = rewardModel.expected(next);
                double v = 0;
                for (int i = 0; i < p.length; i++) {
                    v += p[i] * q[i];
                }
                outcome += longRun.gamma() * v;
            }
            out.add(new LoggedRound(outcome, d.propensity(), d.chosenIndex(), policy.probabilities(d), rewardModel.expected(d)));
        }
        return out;
    }
}
