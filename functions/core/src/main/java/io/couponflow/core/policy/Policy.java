package io.couponflow.core.policy;

import java.util.List;

/**
 * A servable decision rule: what an action is worth, and how the worth turns into a distribution.
 *
 * <p>Q(s, a) = P(buy | s, a) · (v · cart − cost(a)) + C(s, a): the chance that the shopper buys with
 * this action (a head, {@link #conversion}), times what a sale is then worth (v, the margin per unit of
 * cart value learnt from the logs, times the cart, less the coupon's cost), plus what the action is
 * worth later ({@link #continuation}, zero for a bandit). The cost of a coupon is known, so it is not
 * learnt: only how the chance of a sale moves is. A conversion estimate outside [0, 1] is clipped.
 *
 * @param conversion   P̂(buy | s, a) = φ(a)ᵀ W z(s), the posterior mean
 * @param draws        conversion heads drawn from the posterior (may be empty)
 * @param continuation the discounted value of what follows (null: none, γ = 0)
 * @param valuePerCart v: expected margin of a sale per unit of cart value, before the coupon's cost
 * @param pessimism    κ for {@link Exploration#EPSILON_GREEDY} (PessimisticScores)
 * @param epsilon      the share of decisions spread uniformly over every action (keeps every
 *                     action's propensity positive)
 * @param exploration  how the rest is chosen
 * @param couponSpread the share of the coupon probability spread evenly over the eligible coupons
 *                     ({@link ActionDistribution#spreadOverCoupons}): which coupon keeps being tried
 *                     among the shoppers who get one
 */
public record Policy(QHead conversion, List<QHead> draws, QHead continuation, double valuePerCart, double pessimism,
                     double epsilon, Exploration exploration, double couponSpread) {

    public enum Exploration {
        /** The best (pessimistic) score with probability 1 − ε + ε/n. */
        EPSILON_GREEDY,
        /** Thompson sampling: a posterior draw chosen uniformly, then its best action (ε mixed in). */
        THOMPSON
    }

    public Policy {
        draws = List.copyOf(draws);
        if (!(pessimism >= 0)) {
            throw new IllegalArgumentException("pessimism must be >= 0, got " + pessimism);
        }
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be in [0, 1], got " + epsilon);
        }
        if (!(couponSpread >= 0 && couponSpread <= 1)) {
            throw new IllegalArgumentException("couponSpread must be in [0, 1], got " + couponSpread);
        }
        if (!(valuePerCart >= 0) || Double.isInfinite(valuePerCart)) {
            throw new IllegalArgumentException("valuePerCart must be finite and >= 0, got " + valuePerCart);
        }
        if (exploration == Exploration.THOMPSON && draws.isEmpty()) {
            throw new IllegalArgumentException("Thompson sampling needs posterior draws");
        }
        for (QHead h : draws) {
            sameShape(conversion, h);
        }
        if (continuation != null) {
            sameShape(conversion, continuation);
        }
    }

    /** A policy that spreads nothing over the coupons (couponSpread 0). */
    public Policy(QHead conversion, List<QHead> draws, QHead continuation, double valuePerCart, double pessimism,
                  double epsilon, Exploration exploration) {
        this(conversion, draws, continuation, valuePerCart, pessimism, epsilon, exploration, 0);
    }

    private static void sameShape(QHead a, QHead b) {
        if (a.actionDim() != b.actionDim() || a.stateDim() != b.stateDim()) {
            throw new IllegalArgumentException("every head must have the conversion head's shape");
        }
    }

    /** A conversion head served ε-greedily by its point estimate alone (no draws, no continuation). */
    public static Policy greedy(QHead conversion, double valuePerCart, double epsilon) {
        return new Policy(conversion, List.of(), null, valuePerCart, 0, epsilon, Exploration.EPSILON_GREEDY);
    }

    /** The same policy with another ε. */
    public Policy withEpsilon(double e) {
        return new Policy(conversion, draws, continuation, valuePerCart, pessimism, e, exploration, couponSpread);
    }

    /** The same policy with another continuation C(s, a). */
    public Policy withContinuation(QHead c) {
        return new Policy(conversion, draws, c, valuePerCart, pessimism, epsilon, exploration, couponSpread);
    }

    /** Q of each candidate under the point estimate. */
    public double[] q(List<Candidate> candidates, double[] z, double cart) {
        return q(conversion, candidates, z, cart);
    }

    /** The expected reward of the decision itself (no continuation): the reward model of off-policy estimates. */
    public double[] immediate(List<Candidate> candidates, double[] z, double cart) {
        double[] r = new double[candidates.size()];
        for (int i = 0; i < r.length; i++) {
            Candidate c = candidates.get(i);
            r[i] = sale(conversion, c, z) * (valuePerCart * cart - c.cost());
        }
        return r;
    }

    private double[] q(QHead head, List<Candidate> candidates, double[] z, double cart) {
        double[] q = new double[candidates.size()];
        for (int i = 0; i < q.length; i++) {
            Candidate c = candidates.get(i);
            q[i] = sale(head, c, z) * (valuePerCart * cart - c.cost())
                    + (continuation == null ? 0 : continuation.q(c.phi(), z));
        }
        return q;
    }

    private static double sale(QHead head, Candidate c, double[] z) {
        return Math.max(0, Math.min(1, head.q(c.phi(), z)));
    }

    /**
     * The distribution over the candidates (candidate 0 is "none").
     *
     * @param penalty subtracted from each candidate's score (budget pacing λ·cost; zeros for none)
     */
    public ActionDistribution distribution(List<Candidate> candidates, double[] z, double cart, double[] penalty) {
        int n = candidates.size();
        double[] point = q(candidates, z, cart);
        double[][] drawn = new double[draws.size()][];
        for (int m = 0; m < drawn.length; m++) {
            drawn[m] = q(draws.get(m), candidates, z, cart);
        }
        if (exploration == Exploration.THOMPSON) {
            for (double[] d : drawn) {
                subtract(d, penalty);
            }
            subtract(point, penalty);
            return ActionDistribution.thompson(drawn, epsilon, ActionDistribution.argmax(point))
                    .spreadOverCoupons(couponSpread);
        }
        double[] scores = PessimisticScores.scores(point, drawn, pessimism);
        subtract(scores, penalty);
        if (scores.length != n) {
            throw new IllegalStateException("one score per candidate");
        }
        return ActionDistribution.epsilonGreedy(scores, epsilon).spreadOverCoupons(couponSpread);
    }

    /** Q̂(s, a) − Q̂(s, none) by the point estimate. */
    public double uplift(List<Candidate> candidates, double[] z, double cart, int index) {
        double[] q = q(candidates, z, cart);
        return q[index] - q[0];
    }

    private static void subtract(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] -= b[i];
        }
    }
}
