package io.couponflow.core.decision;

import io.couponflow.core.policy.Candidate;
import io.couponflow.core.coupon.BudgetCounter;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponBudgets;
import io.couponflow.core.coupon.CouponCatalog;
import io.couponflow.core.coupon.Eligibility;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventStore;
import io.couponflow.core.features.SequenceEncoder;
import io.couponflow.core.policy.ActionDistribution;
import io.couponflow.core.policy.DecisionContext;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * One decision, end to end, in named steps: read the history → encode the state → the offered and
 * eligible coupons → budgets left → which policy serves → the distribution over actions → draw, take
 * the coupon's budget and cap atomically → log the decision with its exact propensity. Reasons say why.
 *
 * <p>The critical path is three DynamoDB round trips for a decision that issues a coupon: the budget
 * counts and the serving policy are read (when a container's copy is stale) beside the history query;
 * the user's cap and a budget shard are taken together; then the decision is logged. What runs beside
 * runs on the executor given (a direct executor runs it in turn, as the in-memory loop does).
 *
 * <p>When taking a budget or cap fails, the coupon was not really available: it is removed and the
 * distribution is recomputed over what remains, so the logged propensity is the probability of the
 * chosen action among the actions that were truly available.
 *
 * <p>A request may carry the shop's own choice (its baseline). A user outside the {@link LiveShare} is
 * served that choice, within the same eligibility, budgets and caps, and logged with propensity 1 (a
 * deterministic rule); couponflow's own draw over the same candidates is logged beside it as the
 * shadow. A baseline coupon that is unknown, not offered or not eligible is refused before anything
 * is taken or logged, whichever group the user is in.
 */
public final class DecisionMaker {

    /**
     * @param window           how many recent events form the state
     * @param pacingGain       λ = pacingGain × max(0, share of daily budget used − share of the day elapsed)
     * @param coldStartEpsilon exploration before any policy serves: "none" with probability
     *                         1 − ε + ε/n, each eligible coupon ε/n (1: uniform)
     */
    public record Settings(int window, double pacingGain, double coldStartEpsilon) {
        /** The defaults: the feature spec's window of 20 events, gain 2, 70% of cold-start shoppers on "none". */
        public static Settings defaults() {
            return new Settings(20, 2.0, 0.3);
        }

        public Settings {
            if (!(coldStartEpsilon > 0 && coldStartEpsilon <= 1)) {
                throw new IllegalArgumentException("coldStartEpsilon must be in (0, 1], got " + coldStartEpsilon);
            }
        }
    }

    /** @param baseline the shop's own choice for this request, or null when it sent none */
    public record Request(String userId, DecisionContext context, List<String> candidateIds, Baseline baseline) {
        public Request(String userId, DecisionContext context, List<String> candidateIds) {
            this(userId, context, candidateIds, null);
        }
    }

    /** The shop's own choice: a coupon id, or null for none. */
    public record Baseline(String couponId) {
        String actionId() {
            return couponId == null ? DecisionRecord.NONE : couponId;
        }
    }

    /**
     * Why a request's baseline could not be served: nothing was decided, taken or logged.
     *
     * @param kind   UNKNOWN (no such coupon), NOT_OFFERED (not among the request's candidates) or
     *               INELIGIBLE (see {@code reason})
     * @param reason the eligibility refusal, for INELIGIBLE
     */
    public record BaselineRefusal(Kind kind, String couponId, Reason reason) {
        public enum Kind { UNKNOWN, NOT_OFFERED, INELIGIBLE }

        public String message() {
            return switch (kind) {
                case UNKNOWN -> "baseline coupon " + couponId + " is not in the catalogue";
                case NOT_OFFERED -> "baseline coupon " + couponId + " is not among the request's candidates";
                case INELIGIBLE -> "baseline coupon " + couponId + " is not eligible for this request: " + reason.code();
            };
        }
    }

    /** The answer: coupon null means none; {@code refusal} non-null means the request's baseline was refused. */
    public record Result(String decisionId, Coupon coupon, double expectedUplift, double propensity,
                         String policyVersion, String encoderVersion, List<Reason> reasons, BaselineRefusal refusal) {
        public Result(String decisionId, Coupon coupon, double expectedUplift, double propensity,
                      String policyVersion, String encoderVersion, List<Reason> reasons) {
            this(decisionId, coupon, expectedUplift, propensity, policyVersion, encoderVersion, reasons, null);
        }

        static Result refused(BaselineRefusal refusal) {
            return new Result(null, null, 0, 0, null, null, List.of(), refusal);
        }

        public boolean has(Reason.Code code) {
            return reasons.stream().anyMatch(r -> r.code() == code);
        }
    }

    public static final String COLD_START_POLICY = "cold-start";

    private final EventStore events;
    private final SequenceEncoder encoder;
    private final CouponCatalog catalog;
    private final CouponBudgets budgets;
    private final PolicyStore policies;
    private final DecisionLog log;
    private final Settings settings;
    private final Clock clock;
    private final ExplorationDraws draws;
    private final LiveShare liveShare;
    private final Executor io;

    /** As below, exploration drawn from one shared generator. */
    public DecisionMaker(EventStore events, SequenceEncoder encoder, CouponCatalog catalog, BudgetCounter budgets,
                         PolicyStore policies, DecisionLog log, Settings settings, Clock clock, RandomGenerator random) {
        this(events, encoder, catalog, budgets, policies, log, settings, clock, ExplorationDraws.shared(random));
    }

    /** Every user live, everything in turn on the caller's thread, budgets as {@link CouponBudgets.Settings#defaults()}. */
    public DecisionMaker(EventStore events, SequenceEncoder encoder, CouponCatalog catalog, BudgetCounter budgets,
                         PolicyStore policies, DecisionLog log, Settings settings, Clock clock, ExplorationDraws draws) {
        this(events, encoder, catalog, budgets, policies, log, settings, clock, draws, LiveShare.everyone());
    }

    /** As below, on the caller's thread, budgets as {@link CouponBudgets.Settings#defaults()}. */
    public DecisionMaker(EventStore events, SequenceEncoder encoder, CouponCatalog catalog, BudgetCounter budgets,
                         PolicyStore policies, DecisionLog log, Settings settings, Clock clock, ExplorationDraws draws,
                         LiveShare liveShare) {
        this(events, encoder, catalog, new CouponBudgets(budgets, CouponBudgets.Settings.defaults(), clock), policies, log,
                settings, clock, draws, liveShare, Runnable::run);
    }

    /**
     * @param liveShare which users couponflow serves (the others get the request's baseline, if any)
     * @param io        runs the reads and takes that go beside others (the score function: a small thread pool)
     */
    public DecisionMaker(EventStore events, SequenceEncoder encoder, CouponCatalog catalog, CouponBudgets budgets,
                         PolicyStore policies, DecisionLog log, Settings settings, Clock clock, ExplorationDraws draws,
                         LiveShare liveShare, Executor io) {
        this.liveShare = liveShare;
        this.io = io;
        this.events = events;
        this.encoder = encoder;
        this.catalog = catalog;
        this.budgets = budgets;
        this.policies = policies;
        this.log = log;
        this.settings = settings;
        this.clock = clock;
        this.draws = draws;
    }

    public static String day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    /** What one decision has learnt so far; the steps fill it in order. */
    private static final class Draft {
        final Request request;
        final Instant now;
        final String day;
        final List<Reason> reasons = new ArrayList<>();
        List<BehaviourEvent> history;
        String recentCategory;
        double[] state;
        String encoderVersion;
        List<Coupon> eligible;
        Map<String, Integer> used;
        Optional<PolicyVersion> policy;
        /** The user is outside the live share and the request carries a baseline: serve it. */
        boolean servesBaseline;
        /** The baseline's coupon, null for none. */
        Coupon baselineCoupon;
        CompletableFuture<Map<String, Integer>> budgetRead;
        CompletableFuture<Optional<PolicyVersion>> policyRead;

        Draft(Request request, Instant now) {
            this.request = request;
            this.now = now;
            this.day = day(now);
        }

        DecisionContext context() {
            return request.context();
        }
    }

    public Result decide(Request req) {
        Draft d = new Draft(req, clock.instant());
        startReads(d);
        readHistory(d);
        encodeState(d);
        List<Coupon> offered = offeredCoupons(d);
        d.eligible = eligibleCoupons(d, offered);
        Optional<BaselineRefusal> refused = checkBaseline(d, offered);
        if (refused.isPresent()) {
            return Result.refused(refused.get());
        }
        dropSpentBudgets(d);
        choosePolicy(d);
        return d.servesBaseline ? serveBaselineAndLog(d) : drawTakeAndLog(d);
    }

    /** The request's baseline must be a coupon offered and eligible here (or none); which group serves. */
    private Optional<BaselineRefusal> checkBaseline(Draft d, List<Coupon> offered) {
        Baseline baseline = d.request.baseline();
        if (baseline == null) {
            return Optional.empty();
        }
        String id = baseline.couponId();
        if (id != null) {
            Optional<Coupon> coupon = offered.stream().filter(c -> c.couponId().equals(id)).findFirst();
            if (coupon.isEmpty()) {
                return Optional.of(new BaselineRefusal(catalog.get(id).isEmpty() ? BaselineRefusal.Kind.UNKNOWN
                        : BaselineRefusal.Kind.NOT_OFFERED, id, null));
            }
            if (!d.eligible.contains(coupon.get())) {
                Reason why = d.reasons.stream().filter(r -> id.equals(r.couponId())).findFirst().orElseThrow();
                return Optional.of(new BaselineRefusal(BaselineRefusal.Kind.INELIGIBLE, id, why));
            }
            d.baselineCoupon = coupon.get();
        }
        d.servesBaseline = !liveShare.live(d.request.userId());
        return Optional.empty();
    }

    /** Starts what does not depend on the history: today's budget use and the serving policy (cached per container). */
    private void startReads(Draft d) {
        d.budgetRead = CompletableFuture.supplyAsync(() -> budgets.used(budgetedCandidates(d), d.day), io);
        d.policyRead = CompletableFuture.supplyAsync(policies::active, io);
    }

    /** The requested coupons that have a budget, eligible or not (eligibility needs the history). */
    private List<Coupon> budgetedCandidates(Draft d) {
        List<Coupon> requested = d.request.candidateIds() == null ? catalog.all()
                : d.request.candidateIds().stream().map(catalog::get).flatMap(Optional::stream).toList();
        return requested.stream().filter(c -> c.dailyBudget() != null).toList();
    }

    private void readHistory(Draft d) {
        d.history = events.latest(d.request.userId(), settings.window());
        if (d.history.isEmpty()) {
            d.reasons.add(Reason.of(Reason.Code.NO_HISTORY));
        }
        d.recentCategory = d.history.stream().map(BehaviourEvent::category).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private void encodeState(Draft d) {
        try {
            SequenceEncoder.Encoding enc = encoder.encode(d.history);
            d.state = PolicyFeatures.state(enc.state(), enc.purchaseProb(), d.context(), d.history);
            d.encoderVersion = PolicyFeatures.stateVersion(enc.encoderVersion());
        } catch (RuntimeException e) {
            d.reasons.add(Reason.of(Reason.Code.MODEL_UNAVAILABLE));
        }
    }

    /** The candidates asked for (default: the whole catalogue); unknown ids are reported. */
    private List<Coupon> offeredCoupons(Draft d) {
        if (d.request.candidateIds() == null) {
            return new ArrayList<>(catalog.all());
        }
        List<Coupon> offered = new ArrayList<>();
        for (String id : d.request.candidateIds()) {
            Optional<Coupon> c = catalog.get(id);
            if (c.isPresent()) {
                offered.add(c.get());
            } else {
                d.reasons.add(Reason.of(Reason.Code.UNKNOWN_COUPON, id));
            }
        }
        return offered;
    }

    private List<Coupon> eligibleCoupons(Draft d, List<Coupon> offered) {
        List<Coupon> eligible = new ArrayList<>();
        for (Coupon c : offered) {
            Optional<Reason.Code> refusal = Eligibility.refusal(c, d.context(), d.recentCategory, d.now);
            if (refusal.isPresent()) {
                d.reasons.add(Reason.of(refusal.get(), c.couponId()));
            } else {
                eligible.add(c);
            }
        }
        return eligible;
    }

    /** Today's budget use (read beside the history; for pacing too): drops coupons whose budget is already spent. */
    private void dropSpentBudgets(Draft d) {
        d.used = join(d.budgetRead);
        d.eligible.removeIf(c -> {
            boolean exhausted = c.dailyBudget() != null && d.used.getOrDefault(c.couponId(), 0) >= c.dailyBudget();
            if (exhausted) {
                d.reasons.add(Reason.of(Reason.Code.BUDGET_EXHAUSTED, c.couponId()));
            }
            return exhausted;
        });
    }

    private void choosePolicy(Draft d) {
        Optional<PolicyVersion> policy = d.state == null ? Optional.empty() : join(d.policyRead);
        if (policy.isPresent() && !policy.get().servesEncoder(d.encoderVersion)) {
            // a head learnt on another encoder's states would score meaningless inputs (a new model
            // deployed before its policy was retrained): serve the cold start until one is promoted
            d.reasons.add(Reason.of(Reason.Code.POLICY_ENCODER_MISMATCH));
            policy = Optional.empty();
        }
        if (policy.isEmpty()) {
            d.reasons.add(Reason.of(Reason.Code.COLD_START));
        }
        d.policy = policy;
    }

    private Result drawTakeAndLog(Draft d) {
        RandomGenerator random = draws.forDecision(d.request.userId(), d.history);
        while (true) {
            List<Candidate> candidates = candidates(d);
            ActionDistribution dist = distribution(d, candidates);
            int chosen = dist.draw(random);
            Coupon coupon = chosen == 0 ? null : d.eligible.get(chosen - 1);
            if (coupon != null && !take(coupon, d)) {
                d.eligible.remove(coupon);
                continue;
            }
            return logged(d, candidates, dist, chosen, coupon);
        }
    }

    /** "none" first, then each eligible coupon in order. */
    private static List<Candidate> candidates(Draft d) {
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate(DecisionRecord.NONE, PolicyFeatures.none(), 0));
        for (Coupon c : d.eligible) {
            candidates.add(new Candidate(c.couponId(), PolicyFeatures.coupon(c, d.context(), d.recentCategory),
                    PolicyFeatures.expectedCost(c, d.context())));
        }
        return candidates;
    }

    private ActionDistribution distribution(Draft d, List<Candidate> candidates) {
        if (d.policy.isEmpty()) {
            // no policy: every score is 0 and ties go to index 0, "none"
            return ActionDistribution.epsilonGreedy(new double[candidates.size()], settings.coldStartEpsilon());
        }
        return d.policy.get().policy().distribution(candidates, d.state, d.context().cartValue(), pacingPenalties(d, candidates));
    }

    /** λ·cost per candidate: a coupon spending its daily budget faster than the day passes costs more. */
    private double[] pacingPenalties(Draft d, List<Candidate> candidates) {
        double dayElapsed = (d.now.toEpochMilli() - LocalDate.parse(d.day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli())
                / 86_400_000.0;
        double[] penalty = new double[candidates.size()];
        for (int i = 1; i < penalty.length; i++) {
            Coupon c = d.eligible.get(i - 1);
            if (c.dailyBudget() != null && c.dailyBudget() > 0) {
                double lambda = settings.pacingGain()
                        * Math.max(0, d.used.getOrDefault(c.couponId(), 0) / (double) c.dailyBudget() - dayElapsed);
                penalty[i] = lambda * candidates.get(i).cost();
            }
        }
        return penalty;
    }

    /**
     * Serves the baseline (within budgets and caps: a coupon whose take fails is removed and none is
     * served) and logs it with propensity 1, couponflow's draw over the same candidates as its shadow.
     */
    private Result serveBaselineAndLog(Draft d) {
        d.reasons.add(Reason.of(Reason.Code.BASELINE));
        RandomGenerator random = draws.forDecision(d.request.userId(), d.history);
        while (true) {
            List<Candidate> candidates = candidates(d);
            ActionDistribution dist = distribution(d, candidates);
            Coupon served = d.baselineCoupon != null && d.eligible.contains(d.baselineCoupon) ? d.baselineCoupon : null;
            if (served != null && !take(served, d)) {
                d.eligible.remove(served);
                continue;
            }
            int servedIndex = served == null ? 0 : d.eligible.indexOf(served) + 1;
            int shadow = dist.draw(random);
            double servedUplift = 0;
            double shadowUplift = 0;
            double epsilon = settings.coldStartEpsilon();
            if (d.policy.isPresent()) {
                Policy p = d.policy.get().policy();
                servedUplift = p.uplift(candidates, d.state, d.context().cartValue(), servedIndex);
                shadowUplift = p.uplift(candidates, d.state, d.context().cartValue(), shadow);
                epsilon = p.epsilon();
            }
            if (d.eligible.isEmpty()) {
                d.reasons.add(Reason.of(Reason.Code.NO_ELIGIBLE_COUPON));
            }
            double[] served1 = new double[candidates.size()];
            served1[servedIndex] = 1;
            String decisionId = UUID.randomUUID().toString();
            List<Reason> reasons = List.copyOf(d.reasons);
            DecisionRecord.Shadow wouldHave = new DecisionRecord.Shadow(candidates.get(shadow).actionId(),
                    dist.probability(shadow), dist.probabilities(), d.policy.map(PolicyVersion::version).orElse(COLD_START_POLICY),
                    epsilon, shadowUplift);
            log.record(new DecisionRecord(decisionId, d.request.userId(), d.now.toEpochMilli(), d.encoderVersion,
                    DecisionRecord.BASELINE_POLICY, d.state, d.context().cartValue(), candidates,
                    candidates.get(servedIndex).actionId(), 1.0, served1, 0, servedUplift,
                    reasons.stream().map(Reason::toString).toList(), null, d.request.baseline().actionId(), wouldHave));
            return new Result(decisionId, served, servedUplift, 1.0, DecisionRecord.BASELINE_POLICY, d.encoderVersion, reasons);
        }
    }

    private Result logged(Draft d, List<Candidate> candidates, ActionDistribution dist, int chosen,
                          Coupon coupon) {
        double uplift = 0;
        double epsilon = settings.coldStartEpsilon();
        if (d.policy.isPresent()) {
            Policy p = d.policy.get().policy();
            d.reasons.add(Reason.of(chosen == dist.greedy() ? Reason.Code.GREEDY : Reason.Code.EXPLORED));
            uplift = p.uplift(candidates, d.state, d.context().cartValue(), chosen);
            epsilon = p.epsilon();
        }
        if (d.eligible.isEmpty()) {
            d.reasons.add(Reason.of(Reason.Code.NO_ELIGIBLE_COUPON));
        }
        String policyVersion = d.policy.map(PolicyVersion::version).orElse(COLD_START_POLICY);
        String decisionId = UUID.randomUUID().toString();
        List<Reason> reasons = List.copyOf(d.reasons);
        log.record(new DecisionRecord(decisionId, d.request.userId(), d.now.toEpochMilli(), d.encoderVersion, policyVersion,
                d.state, d.context().cartValue(), candidates, candidates.get(chosen).actionId(), dist.probability(chosen), dist.probabilities(),
                epsilon, uplift, reasons.stream().map(Reason::toString).toList(), null,
                d.request.baseline() == null ? null : d.request.baseline().actionId(), null));
        return new Result(decisionId, coupon, uplift, dist.probability(chosen), policyVersion, d.encoderVersion, reasons);
    }

    /**
     * Takes the user's cap and a unit of the budget together (one round trip); gives back whichever was
     * taken when the other was refused.
     */
    private boolean take(Coupon c, Draft d) {
        String userId = d.request.userId();
        CompletableFuture<Boolean> cap = c.perUserCap() == null ? CompletableFuture.completedFuture(true)
                : CompletableFuture.supplyAsync(() -> budgets.tryTakeUserCap(c.couponId(), userId, c.perUserCap()), io);
        CouponBudgets.Take budget = c.dailyBudget() == null ? null : budgets.tryTake(c, d.day);
        if (!join(cap)) {
            if (budget != null) {
                budgets.release(budget);
            }
            d.reasons.add(Reason.of(Reason.Code.USER_CAP_REACHED, c.couponId()));
            return false;
        }
        if (budget != null && !budget.taken()) {
            if (c.perUserCap() != null) {
                budgets.releaseUserCap(c.couponId(), userId);
            }
            d.reasons.add(Reason.of(budget.throttled() ? Reason.Code.BUDGET_BUSY : Reason.Code.BUDGET_EXHAUSTED, c.couponId()));
            return false;
        }
        return true;
    }

    /** The value of a read that ran beside; its failure as the caller's own. */
    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
