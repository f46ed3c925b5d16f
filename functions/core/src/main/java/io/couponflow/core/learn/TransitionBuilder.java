package io.couponflow.core.learn;

import io.couponflow.core.policy.Candidate;
import io.couponflow.core.decision.DecisionRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds transitions from closed decisions: each user's decisions in time order, each one's successor
 * (if it follows within the horizon and has a state) as s'. Decisions without a state (made while the
 * encoder was unavailable) are skipped; an open reward counts as 0 (the window closed without a sale).
 * Decisions that served the shop's baseline are not couponflow's actions and are skipped as s (see
 * RetrainJob), but one that follows a couponflow decision is still its s' (the state the user came back in).
 */
public final class TransitionBuilder {
    private TransitionBuilder() {
    }

    public static List<Transition> build(List<DecisionRecord> closed, Duration horizon) {
        Map<String, List<DecisionRecord>> byUser = new LinkedHashMap<>();
        for (DecisionRecord d : closed) {
            byUser.computeIfAbsent(d.userId(), u -> new ArrayList<>()).add(d);
        }
        List<Transition> out = new ArrayList<>();
        for (List<DecisionRecord> ds : byUser.values()) {
            ds.sort(Comparator.comparingLong(DecisionRecord::ts).thenComparing(DecisionRecord::decisionId));
            for (int i = 0; i < ds.size(); i++) {
                DecisionRecord d = ds.get(i);
                if (d.state() == null || d.servedByBaseline()) {
                    continue;
                }
                DecisionRecord next = i + 1 < ds.size() ? ds.get(i + 1) : null;
                boolean linked = next != null && next.state() != null && next.ts() - d.ts() <= horizon.toMillis();
                out.add(new Transition(d.state(), d.candidates(), d.candidates().get(d.chosenIndex()), d.cartValue(), d.rewardValue(),
                        d.converted(), linked ? next.state() : null, linked ? next.candidates() : null,
                        linked ? next.cartValue() : 0, d.ts()));
            }
        }
        out.sort(Comparator.comparingLong(Transition::ts));
        return out;
    }
}
