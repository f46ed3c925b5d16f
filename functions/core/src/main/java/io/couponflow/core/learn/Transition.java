package io.couponflow.core.learn;

/**
 * (s, a, r, s') for Q-learning: the state features z(s), the chosen action's features φ(a), the
 * reward, and the next decision's state with the features of every action eligible then (null when
 * terminal: no next decision within the horizon).
 */
public record Transition(double[] state, double[] phi, double reward, double[] nextState, double[][] nextPhis, long ts) {
    public boolean terminal() {
        return nextState == null;
    }
}
