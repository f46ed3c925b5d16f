package io.couponflow.core.learn;

import io.couponflow.core.policy.Candidate;

import java.util.List;

/**
 * (s, a, r, s') for Q-learning: the state features z(s), every action eligible then (candidate 0 is
 * "none") and the chosen one, the cart, the reward and whether a sale was credited, and the next
 * decision's state with every action eligible then and its cart (null when terminal: no next decision
 * within the horizon).
 */
public record Transition(double[] state, List<Candidate> candidates, Candidate chosen, double cart, double reward,
                         boolean converted, double[] nextState, List<Candidate> nextCandidates, double nextCart,
                         long ts) {
    public boolean terminal() {
        return nextState == null;
    }
}
