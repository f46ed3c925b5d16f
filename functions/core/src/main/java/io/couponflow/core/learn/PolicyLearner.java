package io.couponflow.core.learn;

import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.QHead;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Learns a {@link Policy} from logged transitions:
 * <ol>
 *   <li>v, the margin of a sale per unit of cart value before the coupon's cost, from the credited
 *       sales: Σ (reward + cost) / Σ cart. What a sale is worth is then known, not learnt.</li>
 *   <li>The conversion head P̂(buy | s, a): Bayesian ridge regression of "a sale was credited" on
 *       φ(a) ⊗ z(s) ({@link BilinearRidge}; penalties per φ row and state block by the evidence, and
 *       for the intercept of each row that tells coupons apart; the kind rows have no weight on the
 *       state, {@link PolicyFeatures#interceptOnlyRows()}), and heads drawn from its posterior for
 *       Thompson sampling and pessimism.</li>
 *   <li>With γ &gt; 0, the continuation C(s, a) by fitted Q iteration (Ernst, Geurts &amp; Wehenkel
 *       2005): C ← ridge fit of γ · max over the next decision's actions of Q(s', a') (0 when
 *       terminal), Q = P̂ · (v · cart − cost) + C, until C stops moving; the design does not change,
 *       so each iteration is one solve.</li>
 *   <li>The lock-in guard ({@link LockInGuard}): a policy that would give almost no coupons is served
 *       with a larger ε, so that the coupons' effects keep being measured.</li>
 *   <li>Early exploration ({@link EarlyExploration}): a policy learnt from few decisions spreads a share
 *       of its coupons over every eligible coupon, and the guard serves it with the cold start's ε.</li>
 * </ol>
 * Deterministic given the seed.
 */
public final class PolicyLearner {

    /**
     * @param gamma          discount of the next decision's value (0 = contextual bandit)
     * @param posteriorDraws conversion heads drawn from the posterior and served with the policy
     * @param drawScale      the draws' spread relative to the posterior's (1: exact; below 1 Thompson
     *                       sampling explores less, which Chapelle &amp; Li 2011 found to pay in display
     *                       advertising; the default 0.25 was chosen on the offline loop, README "Learning")
     * @param maxIterations  Q-iterations at most when γ &gt; 0
     * @param tolerance      stop when no continuation weight moves by more than this (standardised units)
     * @param epsilon        the new policy's uniform exploration share
     * @param exploration    how the new policy explores beyond ε
     * @param pessimism      κ for ε-greedy serving
     * @param seed           the posterior draws' seed
     * @param lockIn         the guard against a policy that has stopped giving coupons
     * @param early          how a policy learnt from few decisions explores beyond that ({@link EarlyExploration})
     */
    public record Settings(double gamma, int posteriorDraws, double drawScale, int maxIterations, double tolerance,
                           double epsilon, Policy.Exploration exploration, double pessimism, long seed,
                           LockInGuard lockIn, EarlyExploration early) {
        public Settings {
            if (!(gamma >= 0 && gamma < 1)) {
                throw new IllegalArgumentException("gamma must be in [0, 1), got " + gamma);
            }
            if (posteriorDraws < 0 || maxIterations < 1 || !(drawScale > 0)) {
                throw new IllegalArgumentException("posteriorDraws must be >= 0, drawScale > 0 and maxIterations >= 1");
            }
            if (lockIn == null || early == null) {
                throw new IllegalArgumentException("lockIn and early must be set (OFF to switch either off)");
            }
        }

        /** Settings without early exploration ({@link EarlyExploration#OFF}). */
        public Settings(double gamma, int posteriorDraws, double drawScale, int maxIterations, double tolerance,
                        double epsilon, Policy.Exploration exploration, double pessimism, long seed, LockInGuard lockIn) {
            this(gamma, posteriorDraws, drawScale, maxIterations, tolerance, epsilon, exploration, pessimism, seed,
                    lockIn, EarlyExploration.OFF);
        }

        /** The defaults, each chosen on the offline loop across markets (README "Learning"). */
        public static Settings defaults() {
            return new Settings(0, 16, 0.25, 30, 1e-4, 0.005, Policy.Exploration.THOMPSON, 0, 7,
                    new LockInGuard(0.03, 0.05), new EarlyExploration(1_500, 0.2, 0.3));
        }

        public Settings withGamma(double g) {
            return new Settings(g, posteriorDraws, drawScale, maxIterations, tolerance, epsilon, exploration, pessimism,
                    seed, lockIn, early);
        }
    }

    /**
     * When the new policy would give a coupon to fewer than {@code minCouponShare} of the states it
     * learnt from (its mean probability of an action other than "none" there), it is served with ε =
     * {@code epsilon} instead of the settings' ε. Why: once a policy gives almost no coupons, the evidence
     * prunes the coupon rows' interactions with the state for want of data, every coupon's effect becomes
     * one average number (negative where most shoppers would buy anyway), and Thompson draws at a
     * fraction of the posterior's spread never try a coupon again; the small ε alone tries about one a
     * day. The guard acts on the policy as a whole, never on single decisions, so a policy that coupons
     * its persuadables and spares everyone else is left alone (README "Learning", the lock-in). The
     * promotion gate judges the guarded policy with the propensities it will log.
     *
     * @param minCouponShare below this mean coupon probability the guard acts (0: never)
     * @param epsilon        the ε a guarded policy is served with (at least the settings' ε)
     */
    public record LockInGuard(double minCouponShare, double epsilon) {
        /** Never acts. */
        public static final LockInGuard OFF = new LockInGuard(0, 0);

        public LockInGuard {
            if (!(minCouponShare >= 0 && minCouponShare <= 1) || !(epsilon >= 0 && epsilon <= 1)) {
                throw new IllegalArgumentException("lockIn share and epsilon must be in [0, 1], got "
                        + minCouponShare + " and " + epsilon);
            }
        }
    }

    /**
     * How a policy learnt from fewer than {@code decisions} transitions explores beyond the settings' ε
     * and draws: a share {@code couponSpread} of its coupon probability spread evenly over the eligible
     * coupons ({@link Policy#couponSpread()}), and, when the lock-in guard acts on it, ε =
     * {@code lockInEpsilon} instead of the guard's. From {@code decisions} transitions on, neither
     * applies. Why, and what it costs: README "Learning", Early exploration.
     *
     * @param decisions     below this many transitions the policy explores so
     * @param couponSpread  the share of its coupon probability spread evenly over the eligible coupons
     * @param lockInEpsilon the ε the lock-in guard serves it with when it acts (at least the guard's own)
     */
    public record EarlyExploration(int decisions, double couponSpread, double lockInEpsilon) {
        /** Never applies. */
        public static final EarlyExploration OFF = new EarlyExploration(0, 0, 0);

        public EarlyExploration {
            if (decisions < 0 || !(couponSpread >= 0 && couponSpread <= 1) || !(lockInEpsilon >= 0 && lockInEpsilon <= 1)) {
                throw new IllegalArgumentException("early decisions must be >= 0, couponSpread and lockInEpsilon in [0, 1], got "
                        + decisions + ", " + couponSpread + " and " + lockInEpsilon);
            }
        }

        /** Whether a policy learnt from this many transitions explores early. */
        public boolean appliesTo(int transitions) {
            return transitions < decisions;
        }
    }

    /**
     * @param policy              the learnt policy (null when there was no sale to learn from)
     * @param penalties           the conversion head's penalties as the evidence chose them: one per (φ row, state block),
     *                            then one per intercept of the rows after {@link PolicyFeatures#SHARED_ROWS}
     * @param effectiveParameters how many of its parameters the data determine
     * @param iterations          Q-iterations run (0 for γ = 0)
     * @param stoppedBy           "converged", "max-iterations" or "deadline" (γ &gt; 0)
     * @param couponShare         the learnt policy's mean probability of giving a coupon over the states it learnt
     *                            from where a coupon was eligible, before the lock-in guard (0 when there is
     *                            no policy)
     * @param lockInGuarded       the guard raised the policy's ε ({@link LockInGuard})
     */
    public record Result(Policy policy, double[] penalties, double effectiveParameters, int iterations, String stoppedBy,
                         double couponShare, boolean lockInGuarded) {
    }

    private final Settings s;

    public PolicyLearner(Settings settings) {
        this.s = settings;
    }

    /** v = Σ (reward + cost) / Σ cart over the transitions with a credited sale; NaN without one. */
    public static double valuePerCart(List<Transition> ts) {
        double margin = 0;
        double cart = 0;
        for (Transition t : ts) {
            if (t.converted()) {
                margin += t.reward() + t.chosen().cost();
                cart += t.cart();
            }
        }
        return cart > 0 ? Math.max(0, margin / cart) : Double.NaN;
    }

    public Result learn(List<Transition> transitions, BooleanSupplier outOfTime) {
        if (transitions.isEmpty()) {
            throw new IllegalArgumentException("no transitions to learn from");
        }
        boolean early = s.early().appliesTo(transitions.size());
        Result r = fit(transitions, early ? s.early().couponSpread() : 0, outOfTime);
        if (r.policy() == null) {
            return r;
        }
        double share = couponShare(r.policy(), transitions);
        LockInGuard g = s.lockIn();
        double guardEpsilon = early ? Math.max(g.epsilon(), s.early().lockInEpsilon()) : g.epsilon();
        boolean guarded = share < g.minCouponShare() && guardEpsilon > r.policy().epsilon();
        return new Result(guarded ? r.policy().withEpsilon(guardEpsilon) : r.policy(), r.penalties(),
                r.effectiveParameters(), r.iterations(), r.stoppedBy(), share, guarded);
    }

    /** The lock-in guard's share is measured on at most this many transitions, evenly spaced in time. */
    static final int SHARE_SAMPLE = 5_000;

    /**
     * Mean of 1 − P(none) under the policy (no budget penalty) over the transitions' own states and candidates,
     * counting only those where a coupon was eligible; 0 when none was. Above {@link #SHARE_SAMPLE} transitions,
     * every k-th (a share is known to within a point from a few thousand; all of them cost a fifth of the learning).
     */
    static double couponShare(Policy p, List<Transition> ts) {
        double sum = 0;
        int counted = 0;
        int step = Math.max(1, ts.size() / SHARE_SAMPLE);
        for (int i = 0; i < ts.size(); i += step) {
            Transition t = ts.get(i);
            if (t.candidates().size() < 2) {
                continue;
            }
            sum += 1 - p.distribution(t.candidates(), t.state(), t.cart(), new double[t.candidates().size()])
                    .probability(0);
            counted++;
        }
        return counted == 0 ? 0 : sum / counted;
    }

    private Result fit(List<Transition> transitions, double couponSpread, BooleanSupplier outOfTime) {
        double v = valuePerCart(transitions);
        if (Double.isNaN(v)) {
            return new Result(null, new double[0], 0, 0, "no sale to learn from", 0, false);
        }
        List<BilinearRidge.Sample> samples = new ArrayList<>(transitions.size());
        for (Transition t : transitions) {
            samples.add(new BilinearRidge.Sample(t.chosen().phi(), t.state(), t.converted() ? 1 : 0));
        }
        int rows = samples.get(0).phi().length;
        int[] eachRowItsOwn = new int[rows];
        for (int i = 0; i < rows; i++) {
            eachRowItsOwn[i] = i;
        }
        int[] blocks = PolicyFeatures.stateBlocksOf(transitions.get(0).state().length);
        boolean[] interceptOnly = rows == PolicyFeatures.ACTION_DIM ? PolicyFeatures.interceptOnlyRows() : new boolean[rows];
        BilinearRidge.Fit conversion = BilinearRidge.fit(samples, eachRowItsOwn, blocks, PolicyFeatures.SHARED_ROWS,
                interceptOnly);
        List<QHead> draws = conversion.draws(s.posteriorDraws(), s.drawScale(), new SplittableRandom(s.seed()));
        Policy.Exploration exploration = draws.isEmpty() ? Policy.Exploration.EPSILON_GREEDY : s.exploration();
        Policy bandit = new Policy(conversion.mean(), draws, null, v, draws.isEmpty() ? 0 : s.pessimism(), s.epsilon(),
                exploration, couponSpread);
        if (s.gamma() == 0) {
            return new Result(bandit, conversion.penalties(), conversion.effectiveParameters(), 0, "converged", 0, false);
        }
        return continuation(bandit, transitions, conversion, eachRowItsOwn, blocks, interceptOnly, outOfTime);
    }

    private Result continuation(Policy bandit, List<Transition> ts, BilinearRidge.Fit conversion, int[] groups,
                                int[] blocks, boolean[] interceptOnly, BooleanSupplier outOfTime) {
        // the first targets (the next decision's immediate value) choose the continuation's penalties
        Policy current = bandit;
        BilinearRidge.Fit fit = BilinearRidge.fit(targets(current, ts), groups, blocks, PolicyFeatures.SHARED_ROWS,
                interceptOnly);
        int iterations = 1;
        String stoppedBy = "max-iterations";
        while (true) {
            current = bandit.withContinuation(fit.mean());
            if (iterations >= s.maxIterations()) {
                break;
            }
            if (outOfTime.getAsBoolean()) {
                stoppedBy = "deadline";
                break;
            }
            BilinearRidge.Fit next = fit.refit(targets(current, ts));
            iterations++;
            double change = 0;
            for (int i = 0; i < next.theta().length; i++) {
                change = Math.max(change, Math.abs(next.theta()[i] - fit.theta()[i]));
            }
            fit = next;
            if (change < s.tolerance()) {
                current = bandit.withContinuation(fit.mean());
                stoppedBy = "converged";
                break;
            }
        }
        return new Result(current, conversion.penalties(), conversion.effectiveParameters(), iterations, stoppedBy, 0,
                false);
    }

    /** y = γ · max over the next decision's actions of Q(s', a'), 0 when terminal. */
    private List<BilinearRidge.Sample> targets(Policy q, List<Transition> ts) {
        List<BilinearRidge.Sample> out = new ArrayList<>(ts.size());
        for (Transition t : ts) {
            double y = 0;
            if (!t.terminal()) {
                double best = Double.NEGATIVE_INFINITY;
                for (double v : q.q(t.nextCandidates(), t.nextState(), t.nextCart())) {
                    best = Math.max(best, v);
                }
                y = s.gamma() * best;
            }
            out.add(new BilinearRidge.Sample(t.chosen().phi(), t.state(), y));
        }
        return out;
    }
}
