package io.couponflow.core.decision;

import java.util.List;

/** Port: the decisions table. */
public interface DecisionLog {
    void record(DecisionRecord decision);

    /** The user's decisions made at or after {@code sinceTs}, oldest first. */
    List<DecisionRecord> since(String userId, long sinceTs);

    /** Sets the reward once: false if the decision already has one (a replayed purchase adds nothing). */
    boolean attribute(DecisionRecord decision, DecisionRecord.Reward reward);

    /** Every decision of one UTC day (yyyy-MM-dd). */
    default List<DecisionRecord> byDay(String day) {
        return byDay(day, 0, UserHash.SPACE);
    }

    /**
     * The decisions of one UTC day made for users whose {@link UserHash} lies in [{@code fromHash},
     * {@code toHash}) (0 ≤ from ≤ to ≤ 2³²): retraining reads a random sample of shoppers this way.
     */
    List<DecisionRecord> byDay(String day, long fromHash, long toHash);

    int deleteUser(String userId);
}
