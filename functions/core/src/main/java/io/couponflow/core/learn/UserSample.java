package io.couponflow.core.learn;

import io.couponflow.core.decision.DecisionLog;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.decision.UserHash;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A uniform random sample of shoppers with every decision of theirs, at most {@code maxDecisions} of
 * them, whatever the traffic: the users whose {@link UserHash} lies on an arc of the hash circle that
 * starts at a random point and grows until the cap. A user's hash does not depend on what the user did
 * or was shown, so the sampled users are a uniform random subset of all users; each keeps all their
 * decisions, so transitions (a user's consecutive decisions) are whole; and a decision's logged
 * propensity is still the probability its action had, so IPS, SNIPS and DR stay unbiased for the
 * population's policy value (uniform subsampling changes only their variance). The arc's length is the
 * sampling rate.
 *
 * <p>How much to read is not known in advance: a pilot arc (1/65,536 of the circle), then arcs sized
 * from the density read so far to reach the cap (at most 8× what was read, to survive a wrong estimate);
 * the arc that crosses the cap is cut at a user boundary. Reads pass the cap only by what that last arc
 * brings beyond it (a few percent), and what passes is not used. The pilot is small so that it stays
 * under the cap until the log holds 65,536 times the cap (a pilot of 1/64 read 373,000 decisions for a
 * cap of 200,000 at 100× today's traffic: RetrainAtScale).
 */
final class UserSample {
    static final long PILOT = UserHash.SPACE >>> 16;

    /**
     * @param decisions the sampled users' decisions
     * @param read      decisions read from the log (the sample plus what the last arc brought past the cap)
     * @param rate      the share of users sampled: the arc's length over the circle's
     */
    record Result(List<DecisionRecord> decisions, int read, double rate) {
    }

    private UserSample() {
    }

    static Result read(DecisionLog log, List<String> days, long start, int maxDecisions) {
        List<DecisionRecord> kept = new ArrayList<>();
        int read = 0;
        long covered = 0;
        long step = PILOT;
        while (covered < UserHash.SPACE) {
            long length = Math.min(step, UserHash.SPACE - covered);
            List<DecisionRecord> arc = readArc(log, days, (start + covered) % UserHash.SPACE, length);
            read += arc.size();
            if (kept.size() + arc.size() > maxDecisions) {
                covered += cut(arc, kept, maxDecisions, (start + covered) % UserHash.SPACE, length);
                break;
            }
            kept.addAll(arc);
            covered += length;
            double density = kept.size() / (double) covered;
            double aim = density == 0 ? UserHash.SPACE : (maxDecisions - kept.size()) / density * 1.02;
            step = (long) Math.max(PILOT / 16, Math.min(aim, 8.0 * covered));
        }
        return new Result(kept, read, covered / (double) UserHash.SPACE);
    }

    /** The decisions on the arc [from, from + length) of the circle, every day, wrapping past 2³². */
    private static List<DecisionRecord> readArc(DecisionLog log, List<String> days, long from, long length) {
        List<DecisionRecord> out = new ArrayList<>();
        long to = from + length;
        for (String day : days) {
            if (to <= UserHash.SPACE) {
                out.addAll(log.byDay(day, from, to));
            } else {
                out.addAll(log.byDay(day, from, UserHash.SPACE));
                out.addAll(log.byDay(day, 0, to - UserHash.SPACE));
            }
        }
        return out;
    }

    /**
     * Keeps the arc's users in circle order while their decisions fit under the cap; returns how far
     * along the arc the kept users reach (the next user's offset, where the sample stops).
     */
    private static long cut(List<DecisionRecord> arc, List<DecisionRecord> kept, int maxDecisions, long from, long length) {
        List<DecisionRecord> ordered = new ArrayList<>(arc);
        ordered.sort(Comparator.comparingLong((DecisionRecord d) -> offset(d, from)).thenComparing(DecisionRecord::userId));
        int i = 0;
        while (i < ordered.size()) {
            long at = offset(ordered.get(i), from);
            int j = i;
            while (j < ordered.size() && offset(ordered.get(j), from) == at) {
                j++;
            }
            if (kept.size() + (j - i) > maxDecisions) {
                return at;
            }
            kept.addAll(ordered.subList(i, j));
            i = j;
        }
        return length;
    }

    private static long offset(DecisionRecord d, long from) {
        return Math.floorMod(UserHash.of(d.userId()) - from, UserHash.SPACE);
    }
}
