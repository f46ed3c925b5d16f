package io.couponflow.core.decision;

import io.couponflow.core.coupon.BudgetCounter;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponCatalog;
import io.couponflow.core.coupon.Eligibility;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventStore;
import io.couponflow.core.features.SequenceEncoder;
import io.couponflow.core.policy.DecisionContext;
import io.couponflow.core.policy.EpsilonGreedy;
import io.couponflow.core.policy.Features;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * One decision, end to end: history → state → eligible actions → policy → budget and cap taken
 * atomically → decision logged with its exact propensity. Reason codes say why.
 *
 * <p>When taking a budget or cap fails, the coupon was not really available: it is removed and the
 * distribution is recomputed over what remains, so the logged propensity is the probability of the
 * chosen action among the actions that were truly available.
 */
public final class DecisionMaker {

    /**
     * @param window           how many recent events form the state
     * @param pacingGain       λ = pacingGain × max(0, share of daily budget used − share of the day elapsed)
     * @param coldStartEpsilon exploration before any policy serves: "none" with probability
     *                         1 − ε + ε/n, each eligible coupon ε/n (1: uniform)
     */
    public record Settings(int window, double pacingGain, double coldStartEpsilon) {
        public Settings {
            if (!(coldStartEpsilon > 0 && coldStartEpsilon <= 1)) {
                throw new IllegalArgumentException("coldStartEpsilon must be in (0, 1], got " + coldStartEpsilon);
            }
        }

        public Settings(int window, double pacingGain) {
            this(window, pacingGain, 1.0);
        }
    }

    public record Request(String userId, DecisionContext context, List<String> candidateIds) {
    }

    /** The answer: coupon null means none. */
    public record Result(String decisionId, Coupon coupon, double expectedUplift, double propensity,
                         String policyVersion, String encoderVersion, List<String> reasons) {
    }

    public static final String COLD_START_POLICY = "cold-start";

    private final EventStore events;
    private final SequenceEncoder encoder;
    private final CouponCatalog catalog;
    private final BudgetCounter budgets;
    private final PolicyStore policies;
    private final DecisionLog log;
    private final Settings settings;
    private final Clock clock;
    private final RandomGenerator random;

    public DecisionMaker(EventStore events, SequenceEncoder encoder, CouponCatalog catalog, BudgetCounter budgets,
                         PolicyStore policies, DecisionLog log, Settings settings, Clock clock, RandomGenerator random) {
        this.events = events;
        this.encoder = encoder;
        this.catalog = catalog;
        this.budgets = budgets;
        this.policies = policies;
        this.log = log;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    public static String day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    public Result decide(Request req) {
        Instant now = clock.instant();
        String day = day(now);
        DecisionContext ctx = req.context();
        List<String> reasons = new ArrayList<>();

        List<BehaviourEvent> history = events.latest(req.userId(), settings.window());
        if (history.isEmpty()) {
            reasons.add("NO_HISTORY");
        }
        String recentCategory = history.stream().map(BehaviourEvent::category).filter(c -> c != null).findFirst().orElse(null);
        double[] z = null;
        String encoderVersion = null;
        try {
            SequenceEncoder.Encoding enc = encoder.encode(history);
            z = Features.state(enc.state(), enc.purchaseProb(), ctx, history);
            encoderVersion = enc.encoderVersion();
        } catch (RuntimeException e) {
            reasons.add("MODEL_UNAVAILABLE");
        }

        List<Coupon> offered = new ArrayList<>();
        if (req.candidateIds() == null) {
            offered.addAll(catalog.all());
        } else {
            for (String id : req.candidateIds()) {
                Optional<Coupon> c = catalog.get(id);
                if (c.isPresent()) {
                    offered.add(c.get());
                } else {
                    reasons.add("UNKNOWN_COUPON:" + id);
                }
            }
        }
        List<Coupon> eligible = new ArrayList<>();
        for (Coupon c : offered) {
            Optional<String> refusal = Eligibility.refusal(c, ctx, recentCategory, now);
            if (refusal.isPresent()) {
                reasons.add(refusal.get() + ":" + c.couponId());
            } else {
                eligible.add(c);
            }
        }
        Map<String, Integer> used = budgets.used(eligible.stream().filter(c -> c.dailyBudget() != null)
                .map(Coupon::couponId).toList(), day);
        eligible.removeIf(c -> {
            boolean exhausted = c.dailyBudget() != null && used.getOrDefault(c.couponId(), 0) >= c.dailyBudget();
            if (exhausted) {
                reasons.add("BUDGET_EXHAUSTED:" + c.couponId());
            }
            return exhausted;
        });

        Optional<PolicyVersion> policy = z == null ? Optional.empty() : policies.active();
        if (policy.isPresent() && !policy.get().servesEncoder(encoderVersion)) {
            // a head learnt on another encoder's states would score meaningless inputs (a new model
            // deployed before its policy was retrained): serve the cold start until one is promoted
            reasons.add("POLICY_ENCODER_MISMATCH");
            policy = Optional.empty();
        }
        if (policy.isEmpty()) {
            reasons.add("COLD_START");
        }
        double dayElapsed = (now.toEpochMilli() - LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli())
                / 86_400_000.0;

        while (true) {
            List<DecisionRecord.Candidate> candidates = new ArrayList<>();
            Map<String, Coupon> byId = new HashMap<>();
            candidates.add(new DecisionRecord.Candidate(DecisionRecord.NONE, Features.none(), 0));
            for (Coupon c : eligible) {
                candidates.add(new DecisionRecord.Candidate(c.couponId(), Features.coupon(c, ctx, recentCategory),
                        Features.expectedCost(c, ctx)));
                byId.put(c.couponId(), c);
            }
            double[] q = new double[candidates.size()];
            double[] scores = new double[candidates.size()];
            if (policy.isPresent()) {
                double[] ranked = policy.get().scores(candidates.stream().map(DecisionRecord.Candidate::phi).toList(), z);
                for (int i = 0; i < q.length; i++) {
                    q[i] = policy.get().head().q(candidates.get(i).phi(), z);
                    Coupon c = byId.get(candidates.get(i).actionId());
                    double lambda = c == null || c.dailyBudget() == null || c.dailyBudget() == 0 ? 0
                            : settings.pacingGain() * Math.max(0, used.getOrDefault(c.couponId(), 0) / (double) c.dailyBudget() - dayElapsed);
                    scores[i] = ranked[i] - lambda * candidates.get(i).cost();
                }
            }
            // no policy: every score is 0 and ties go to index 0, "none"
            double epsilon = policy.isPresent() ? policy.get().epsilon() : settings.coldStartEpsilon();
            EpsilonGreedy.Choice choice = EpsilonGreedy.choose(scores, epsilon, random);
            DecisionRecord.Candidate chosen = candidates.get(choice.index());
            Coupon coupon = byId.get(chosen.actionId());
            if (coupon != null && !take(coupon, req.userId(), day, reasons)) {
                eligible.remove(coupon);
                continue;
            }
            if (policy.isPresent()) {
                reasons.add(choice.index() == choice.greedyIndex() ? "GREEDY" : "EXPLORED");
            }
            if (eligible.isEmpty()) {
                reasons.add("NO_ELIGIBLE_COUPON");
            }
            double uplift = policy.isPresent() ? q[choice.index()] - q[0] : 0;
            String policyVersion = policy.map(PolicyVersion::version).orElse(COLD_START_POLICY);
            String decisionId = UUID.randomUUID().toString();
            log.record(new DecisionRecord(decisionId, req.userId(), now.toEpochMilli(), encoderVersion, policyVersion, z,
                    candidates, chosen.actionId(), choice.propensity(), choice.probabilities(), epsilon, uplift,
                    List.copyOf(reasons), null));
            return new Result(decisionId, coupon, uplift, choice.propensity(), policyVersion, encoderVersion, List.copyOf(reasons));
        }
    }

    /** Takes the user's cap, then the budget; gives the cap back if the budget is gone. */
    private boolean take(Coupon c, String userId, String day, List<String> reasons) {
        if (c.perUserCap() != null && !budgets.tryTakeUserCap(c.couponId(), userId, c.perUserCap())) {
            reasons.add("USER_CAP_REACHED:" + c.couponId());
            return false;
        }
        if (c.dailyBudget() != null && !budgets.tryTake(c.couponId(), day, c.dailyBudget())) {
            if (c.perUserCap() != null) {
                budgets.releaseUserCap(c.couponId(), userId);
            }
            reasons.add("BUDGET_EXHAUSTED:" + c.couponId());
            return false;
        }
        return true;
    }
}
