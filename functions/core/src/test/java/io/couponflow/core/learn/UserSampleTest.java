package io.couponflow.core.learn;

import io.couponflow.core.Fakes;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.decision.UserHash;
import io.couponflow.core.policy.Candidate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserSampleTest {
    private static final List<Candidate> CANDIDATES = List.of(new Candidate("none", new double[]{1}, 0));
    private static final List<String> DAYS = List.of("2026-11-27", "2026-11-28");

    /** {@code users} shoppers with 5 decisions each over two days; user u's rewards are u mod 10. */
    private static Fakes.Decisions logs(int users) {
        Fakes.Decisions log = new Fakes.Decisions();
        long t0 = Instant.parse("2026-11-27T08:00:00Z").toEpochMilli();
        for (int u = 0; u < users; u++) {
            for (int k = 0; k < 5; k++) {
                long ts = t0 + k * 4 * 3_600_000L + u;
                log.record(new DecisionRecord("d" + u + "-" + k, "user-" + u, ts, "enc", "cold-start", new double[]{1}, 10,
                        CANDIDATES, "none", 1.0, new double[]{1}, 1, 0, List.of(),
                        new DecisionRecord.Reward(u % 10, 0, ts, "window-closed")));
            }
        }
        return log;
    }

    @Test
    void read_underTheCap_readsEveryDecisionAtRateOne() {
        Fakes.Decisions log = logs(300);
        UserSample.Result r = UserSample.read(log, DAYS, 12345, 10_000);
        assertEquals(1_500, r.decisions().size());
        assertEquals(1_500, r.read());
        assertEquals(1.0, r.rate(), 0);
    }

    @Test
    void read_overTheCap_keepsWholeUsersUpToTheCapAndSaysTheRate() {
        Fakes.Decisions log = logs(4_000);   // 20,000 decisions
        UserSample.Result r = UserSample.read(log, DAYS, 3_000_000_000L, 5_000);
        int n = r.decisions().size();
        assertTrue(n <= 5_000 && n >= 4_900, "close under the cap: " + n);
        assertTrue(r.read() <= 5_000 * 1.1, "reads pass the cap by little: " + r.read());
        Map<String, Long> perUser = r.decisions().stream().collect(Collectors.groupingBy(DecisionRecord::userId, Collectors.counting()));
        assertTrue(perUser.values().stream().allMatch(c -> c == 5), "every sampled user keeps all their decisions");
        assertEquals(perUser.size() / 4_000.0, r.rate(), 0.02, "the arc's length is the share of users sampled");
        for (String user : perUser.keySet()) {
            long offset = Math.floorMod(UserHash.of(user) - 3_000_000_000L, UserHash.SPACE);
            assertTrue(offset < r.rate() * UserHash.SPACE, "users of one arc of the circle");
        }
    }

    @Test
    void read_logHundredsOfTimesTheCap_readsLittleMoreThanTheCap() {
        Fakes.Decisions log = logs(4_000);   // 20,000 decisions, 200 times the cap
        UserSample.Result r = UserSample.read(log, DAYS, 77, 100);
        assertTrue(r.decisions().size() <= 100, "under the cap: " + r.decisions().size());
        // a pilot of 1/64 of the circle read about 310 here; what the last arc brings is coarse at 20 shoppers
        assertTrue(r.read() <= 100 * 1.5, "reads do not grow with the log: " + r.read());
    }

    @Test
    void read_manyNights_sampleMeanIsThePopulationMean() {
        Fakes.Decisions log = logs(2_000);   // mean reward 4.5
        SplittableRandom rnd = new SplittableRandom(1);
        double sum = 0;
        int nights = 40;
        Map<Integer, Integer> unused = new HashMap<>();
        for (int night = 0; night < nights; night++) {
            UserSample.Result r = UserSample.read(log, DAYS, rnd.nextLong(UserHash.SPACE), 1_000);
            sum += r.decisions().stream().mapToDouble(DecisionRecord::rewardValue).average().orElseThrow();
            unused.merge(r.decisions().size(), 1, Integer::sum);
        }
        assertEquals(4.5, sum / nights, 0.15, "a uniform sample of shoppers: unbiased for the population");
    }
}
