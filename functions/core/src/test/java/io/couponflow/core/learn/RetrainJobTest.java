package io.couponflow.core.learn;

import io.couponflow.core.Fakes;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetrainJobTest {
    private static final Instant NOW = Instant.parse("2026-11-28T23:00:00Z");

    /** Cold-start logs of encoder "enc-new" over {none, C}: C pays 1, none 0 (± noise). State z = [1]. */
    private static Fakes.Decisions logs() {
        Fakes.Decisions log = new Fakes.Decisions();
        SplittableRandom rnd = new SplittableRandom(4);
        long start = NOW.minus(Duration.ofHours(20)).toEpochMilli();
        for (int i = 0; i < 1_000; i++) {
            int a = rnd.nextInt(2);
            long ts = start + i * 60_000L;
            List<DecisionRecord.Candidate> c = List.of(new DecisionRecord.Candidate("none", new double[]{1, 0}, 0),
                    new DecisionRecord.Candidate("C", new double[]{0, 1}, 1));
            log.record(new DecisionRecord("d" + i, "u" + i, ts, "enc-new", "cold-start", new double[]{1}, c,
                    c.get(a).actionId(), 0.5, new double[]{0.5, 0.5}, 1.0, 0, List.of("COLD_START"),
                    new DecisionRecord.Reward(a + rnd.nextGaussian() * 0.3, 0, ts + 1, "p" + i)));
        }
        return log;
    }

    private static RetrainJob job(Fakes.Decisions log, Fakes.Policies policies) {
        QLearner.Settings learner = new QLearner.Settings(0, 0.05, 1e-4, 10, 64, 60, 50, 6, 7);
        return new RetrainJob(log, policies, new RetrainJob.Settings(14, Duration.ofHours(1), Duration.ofDays(7), 0.05,
                100, 0.15, 0.2, learner, new Bootstrap(200, 0.9, 7), 4, 1.0, 100), Clock.fixed(NOW, ZoneOffset.UTC), s -> "{}");
    }

    @Test
    void run_servingPolicyOfAnotherEncoder_isJudgedAsTheColdStartThatReallyServed() {
        Fakes.Decisions log = logs();
        Fakes.Policies policies = new Fakes.Policies();
        // the serving head prefers "none"; it was trained on another encoder's states
        policies.save(new PolicyVersion("v-old", new QHead(2, 1, new double[]{5, 0}), 0.05, "enc-old", 0, "PASSED_GATE", "{}"));
        policies.promote("v-old", null);

        RetrainSummary s = job(log, policies).run(() -> false);

        double loggedMean = log.all.subList(800, 1_000).stream().mapToDouble(d -> d.reward().value()).average().orElseThrow();
        assertEquals(loggedMean, s.activeEstimates().get("ips").value(), 1e-9,
                "the serving policy is evaluated by the probabilities that logged the held-out decisions");
        assertEquals("PROMOTED", s.outcome(), s.gateReason());
        assertEquals(4, s.bootstrapHeads());
        PolicyVersion promoted = policies.active().orElseThrow();
        assertEquals("enc-new", promoted.encoderVersion());
        assertEquals(4, promoted.members().size());
        assertTrue(promoted.scores(List.of(new double[]{1, 0}, new double[]{0, 1}), new double[]{1})[1] > 0.5,
                "the new policy values the coupon, pessimism included");
    }
}
