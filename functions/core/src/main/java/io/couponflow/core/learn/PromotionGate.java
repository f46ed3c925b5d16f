package io.couponflow.core.learn;

import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.ope.DoublyRobust;
import io.couponflow.core.ope.Estimate;
import io.couponflow.core.ope.Estimators;
import io.couponflow.core.ope.LoggedRound;
import io.couponflow.core.ope.OffPolicyEstimator;
import io.couponflow.core.policy.EpsilonGreedy;
import io.couponflow.core.policy.QHead;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a candidate head may replace the serving policy, from held-out logged decisions.
 *
 * <p>Rule: every estimator is computed for both policies with a bootstrap interval; the candidate is
 * promoted only if the paired bootstrap interval of DR(candidate) − DR(active), over the same
 * held-out rounds, lies entirely above zero, and its SNIPS estimate is not below the active policy's.
 * The serving policy when none is trained yet is the cold-start one: uniform over eligible actions.
 */
public final class PromotionGate {

    /** A policy to evaluate: a head with its exploration rate, or null for the uniform cold-start policy. */
    public record Evaluated(QHead head, double epsilon) {
        public static Evaluated coldStart() {
            return new Evaluated(null, 1.0);
        }

        double[] probabilities(DecisionRecord d) {
            int n = d.candidates().size();
            if (head == null) {
                double[] p = new double[n];
                java.util.Arrays.fill(p, 1.0 / n);
                return p;
            }
            double[] q = new double[n];
            for (int i = 0; i < n; i++) {
                q[i] = head.q(d.candidates().get(i).phi(), d.state());
            }
            return EpsilonGreedy.probabilities(q, epsilon);
        }
    }

    public record Verdict(boolean promote, Map<String, Estimate> candidate, Map<String, Estimate> active,
                          double drDifference, double[] drDifferenceInterval, int rounds, String reason) {
    }

    private final Bootstrap bootstrap;

    public PromotionGate(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
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
        boolean promote = ci[0] > 0 && snipsOk;
        String reason = promote ? "DR difference interval above 0 and SNIPS not worse"
                : ci[0] <= 0 ? "DR difference interval reaches 0 or below" : "SNIPS estimate below the active policy's";
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
