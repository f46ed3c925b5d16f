package io.couponflow.core.learn;

import io.couponflow.core.decision.DecisionLog;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One retraining run: read closed decisions, build transitions, train the head, judge it on held-out
 * logs, store it as a new version, and promote it only if the gate says so. The version is written
 * before the ACTIVE pointer moves, and the pointer moves by one conditional write, so a crash at any
 * point leaves the serving policy intact; a run near its deadline stops training and still saves.
 */
public final class RetrainJob {

    /**
     * @param lookbackDays      days of decisions read (default 14)
     * @param attributionWindow a decision without a reward is closed (reward 0) this long after it was made
     * @param horizon           the next decision of the same user within this is s' (else terminal)
     * @param epsilon           exploration rate the new policy serves with
     * @param minTransitions    fewer usable transitions than this: no training
     * @param validationShare   time-ordered share of transitions for early stopping (default 0.15)
     * @param heldOutShare      time-ordered share of decisions for the promotion gate (default 0.2)
     * @param ensembleSize      bootstrap heads trained beside the point head (0 or 1: none)
     * @param pessimism         κ the new policy serves with (PessimisticScores; 0: plain Q)
     * @param minHeldOut        fewer held-out decisions than this: no promotion (PromotionGate)
     */
    public record Settings(int lookbackDays, Duration attributionWindow, Duration horizon, double epsilon,
                           int minTransitions, double validationShare, double heldOutShare,
                           QLearner.Settings learner, Bootstrap bootstrap, int ensembleSize, double pessimism,
                           int minHeldOut) {
    }

    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("'v'yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final DecisionLog log;
    private final PolicyStore policies;
    private final Settings s;
    private final Clock clock;
    private final Function<RetrainSummary, String> toJson;

    public RetrainJob(DecisionLog log, PolicyStore policies, Settings settings, Clock clock,
                      Function<RetrainSummary, String> toJson) {
        this.log = log;
        this.policies = policies;
        this.s = settings;
        this.clock = clock;
        this.toJson = toJson;
    }

    public RetrainSummary run(BooleanSupplier outOfTime) {
        long runStart = System.nanoTime();
        Instant now = clock.instant();
        List<DecisionRecord> all = new ArrayList<>();
        for (int d = s.lookbackDays(); d >= 0; d--) {
            all.addAll(log.byDay(DecisionMaker.day(now.minus(Duration.ofDays(d)))));
        }
        long cutoff = now.toEpochMilli() - s.attributionWindow().toMillis();
        List<DecisionRecord> closed = new ArrayList<>(all.stream()
                .filter(d -> d.reward() != null || d.ts() <= cutoff)
                .filter(d -> d.state() != null)
                .toList());
        closed.sort(Comparator.comparingLong(DecisionRecord::ts));
        // states from different encoders are not comparable: learn from the newest encoder's decisions
        String encoder = closed.isEmpty() ? null : closed.get(closed.size() - 1).encoderVersion();
        closed.removeIf(d -> !java.util.Objects.equals(d.encoderVersion(), encoder));

        Optional<PolicyVersion> active = policies.active();
        String activeVersion = active.map(PolicyVersion::version).orElse(null);
        int heldFrom = (int) Math.floor(closed.size() * (1 - s.heldOutShare()));
        List<DecisionRecord> learnFrom = closed.subList(0, heldFrom);
        List<DecisionRecord> heldOut = closed.subList(heldFrom, closed.size());
        List<Transition> transitions = TransitionBuilder.build(new ArrayList<>(learnFrom), s.horizon());
        if (transitions.size() < s.minTransitions() || heldOut.isEmpty()) {
            return new RetrainSummary("INSUFFICIENT_DATA", null, activeVersion, activeVersion, all.size(), closed.size(),
                    transitions.size(), 0, heldOut.size(), s.learner().gamma(), null, 0, 0, List.of(), List.of(),
                    Map.of(), Map.of(), 0, new double[]{0, 0},
                    "need " + s.minTransitions() + " transitions, have " + transitions.size(), 0, 0, 0, 0,
                    (System.nanoTime() - runStart) / 1_000_000);
        }
        int valFrom = (int) Math.floor(transitions.size() * (1 - s.validationShare()));
        List<Transition> train = transitions.subList(0, valFrom);
        List<Transition> validation = transitions.subList(valFrom, transitions.size());
        int actionDim = transitions.get(0).phi().length;
        int stateDim = transitions.get(0).state().length;
        // a serving policy made for another encoder's states is neither a warm start nor, in the
        // gate, what served these decisions (DecisionMaker fell back to the cold start for them)
        Optional<PolicyVersion> comparable = active.filter(a -> a.servesEncoder(encoder));
        QHead init = comparable.map(PolicyVersion::head)
                .filter(h -> h.actionDim() == actionDim && h.stateDim() == stateDim)
                .orElse(QHead.zeros(actionDim, stateDim));

        long t0 = System.nanoTime();
        QLearner.Result trained = new QLearner(s.learner()).train(init, train, validation, outOfTime);
        long trainNanos = System.nanoTime() - t0;
        QHead rewardModel = new QLearner(s.learner().withGamma(0))
                .train(QHead.zeros(actionDim, stateDim), train, validation, outOfTime).head();
        List<QHead> members = members(init, train, validation, outOfTime);
        double kappa = members.isEmpty() ? 0 : s.pessimism();   // stored as it serves: no heads, no pessimism

        PromotionGate.Evaluated current = comparable.map(PromotionGate.Evaluated::of).orElse(PromotionGate.Evaluated.coldStart());
        PromotionGate.Verdict verdict = new PromotionGate(s.bootstrap(), s.minHeldOut()).judge(heldOut,
                new PromotionGate.Evaluated(trained.head(), s.epsilon(), members, kappa),
                current, rewardModel);

        String version = VERSION.format(now) + "-" + Integer.toHexString(Long.hashCode(now.toEpochMilli() ^ closed.size()) & 0xffff);
        double perSecond = (double) train.size() * Math.max(1, trained.trainLoss().size()) / Math.max(1e-9, trainNanos / 1e9);
        RetrainSummary pending = summary(verdict.promote() ? "PROMOTED" : "KEPT_AS_CANDIDATE", version, activeVersion,
                verdict.promote() ? version : activeVersion, all.size(), closed.size(), train.size(), validation.size(),
                trained, verdict, trainNanos, perSecond, members.size(), kappa, runStart);
        policies.save(new PolicyVersion(version, trained.head(), s.epsilon(), encoder, now.toEpochMilli(),
                verdict.promote() ? "PASSED_GATE" : "REJECTED", toJson.apply(pending), members, kappa));
        if (verdict.promote() && !policies.promote(version, activeVersion)) {
            return summary("PROMOTION_CONFLICT", version, activeVersion, policies.active().map(PolicyVersion::version).orElse(null),
                    all.size(), closed.size(), train.size(), validation.size(), trained, verdict, trainNanos, perSecond,
                    members.size(), kappa, runStart);
        }
        return pending;
    }

    /**
     * Heads trained on bootstrap resamples of the training transitions (same validation set, own
     * seeds); their spread of uplift is the policy's uncertainty. Trained last, after the point head
     * and the reward model: when time runs out, a head cut short is dropped (it would only widen the
     * spread) and fewer than two means none, so the policy falls back to its point head's Q.
     */
    private List<QHead> members(QHead init, List<Transition> train, List<Transition> validation, BooleanSupplier outOfTime) {
        List<QHead> out = new ArrayList<>();
        if (s.ensembleSize() < 2) {
            return out;
        }
        for (int m = 0; m < s.ensembleSize() && !outOfTime.getAsBoolean(); m++) {
            SplittableRandom rnd = new SplittableRandom(s.learner().seed() * 1_000_003L + m);
            List<Transition> resample = new ArrayList<>(train.size());
            for (int i = 0; i < train.size(); i++) {
                resample.add(train.get(rnd.nextInt(train.size())));
            }
            QLearner.Result r = new QLearner(s.learner().withSeed(s.learner().seed() + 1 + m))
                    .train(init, resample, validation, outOfTime);
            if (!"deadline".equals(r.stoppedBy())) {
                out.add(r.head());
            }
        }
        return out.size() < 2 ? List.of() : out;
    }

    private RetrainSummary summary(String outcome, String version, String before, String after, int read, int closed,
                                   int train, int validation, QLearner.Result r, PromotionGate.Verdict v,
                                   long nanos, double perSecond, int heads, double kappa, long runStart) {
        return new RetrainSummary(outcome, version, before, after, read, closed, train, validation, v.rounds(),
                s.learner().gamma(), r.stoppedBy(), r.bestEpoch(), r.steps(), r.trainLoss(), r.validationLoss(),
                new HashMap<>(v.candidate()), new HashMap<>(v.active()), v.drDifference(), v.drDifferenceInterval(),
                v.reason(), nanos / 1_000_000, perSecond, heads, kappa, (System.nanoTime() - runStart) / 1_000_000);
    }
}
