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
    List<DecisionRecord> byDay(String day);

    int deleteUser(String userId);
}
