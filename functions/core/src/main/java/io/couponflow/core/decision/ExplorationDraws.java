package io.couponflow.core.decision;

import io.couponflow.core.event.BehaviourEvent;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Where a decision's random draws come from. The distribution over actions is computed first and the
 * draw only picks from it, so any source of independent uniforms keeps the logged propensity exact.
 */
@FunctionalInterface
public interface ExplorationDraws {

    RandomGenerator forDecision(String userId, List<BehaviourEvent> history);

    /** One shared generator (production: a SecureRandom). */
    static ExplorationDraws shared(RandomGenerator random) {
        return (userId, history) -> random;
    }

    /**
     * Reproducible draws: a decision's generator is seeded by (seed, user, the newest event's id), so
     * the same shopper at the same point of their history draws the same, in whatever order decisions
     * arrive and whichever container serves them (the demo's runs of one seed give one table). A
     * resent request for the same moment draws the same too.
     */
    static ExplorationDraws seeded(long seed) {
        return (userId, history) -> new SplittableRandom(mix(seed, userId, history.isEmpty() ? "" : history.get(0).eventId()));
    }

    private static long mix(long seed, String userId, String eventId) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (String s : new String[]{userId, "\u0000", eventId}) {
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001B3L;
            }
        }
        // SplitMix64's finaliser: every input bit reaches every output bit
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
