package io.couponflow.core.reward;

import io.couponflow.core.decision.DecisionLog;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Fixes decisions' rewards from purchases: a purchase is credited to the user's latest decision that
 * is still open and was made within the attribution window before it (last touch). Reward = order
 * value × margin rate − the chosen coupon's cost (0 for none). A decision with no purchase by the end
 * of its window has reward 0 (the learner reads an open reward past the window as 0).
 * Purchases reach this class as stored, new ones and resends alike (a resend with another ts comes with
 * the ts first stored, so it picks the decision the original did). A purchase that already rewards a
 * decision in its window is skipped; the log sets a reward once, by a conditional write, and its
 * DynamoDB adapter also claims each purchase for one decision, so that two deliveries that pick
 * different decisions (a race, a decision logged in between) cannot both be credited.
 */
public final class RewardAttributor {

    /**
     * @param window     how long after a decision a purchase still counts (default 24 h)
     * @param marginRate share of the order value that is margin (default 0.3)
     */
    public record Settings(Duration window, double marginRate) {
        /** A purchase within a day of a decision is credited to it. */
        public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
        public static final double DEFAULT_MARGIN_RATE = 0.3;

        public static Settings defaults() {
            return new Settings(DEFAULT_WINDOW, DEFAULT_MARGIN_RATE);
        }
    }

    private final DecisionLog log;
    private final Settings settings;

    public RewardAttributor(DecisionLog log, Settings settings) {
        this.log = log;
        this.settings = settings;
    }

    /** Attributes the purchases among {@code written}; returns how many decisions got a reward. */
    public int attribute(List<BehaviourEvent> written) {
        int attributed = 0;
        List<BehaviourEvent> purchases = written.stream().filter(e -> e.type() == EventType.PURCHASE)
                .sorted(Comparator.comparingLong(BehaviourEvent::ts)).toList();
        for (BehaviourEvent p : purchases) {
            List<DecisionRecord> recent = log.since(p.userId(), p.ts() - settings.window().toMillis());
            boolean alreadyCredited = recent.stream().anyMatch(d -> d.reward() != null && p.eventId().equals(d.reward().source()));
            if (alreadyCredited) {
                continue;
            }
            DecisionRecord target = recent.stream().filter(d -> d.reward() == null && d.ts() <= p.ts())
                    .max(Comparator.comparingLong(DecisionRecord::ts)).orElse(null);
            if (target == null) {
                continue;
            }
            double cost = target.candidates().get(target.chosenIndex()).cost();
            double reward = p.orderValue() * settings.marginRate() - cost;
            if (log.attribute(target, new DecisionRecord.Reward(reward, p.orderValue(), p.ts(), p.eventId()))) {
                attributed++;
            }
        }
        return attributed;
    }
}
