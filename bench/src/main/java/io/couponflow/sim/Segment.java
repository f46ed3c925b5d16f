package io.couponflow.sim;

/**
 * The four classic responses to a coupon (uplift modelling's quadrants), with how each segment
 * shops. Probabilities are per visit that reaches checkout.
 */
public enum Segment {
    /** Buys anyway: a coupon only gives margin away. */
    SURE_THING(0.65, 0.0),
    /** Buys mostly if given a coupon, more so the deeper it is. */
    PERSUADABLE(0.10, 0.55),
    /** Rarely buys, coupon or not. */
    LOST_CAUSE(0.02, 0.03),
    /** Buys, but a coupon makes them shop around: the coupon lowers their purchase probability. */
    SLEEPING_DOG(0.45, -0.25);

    final double baseBuy;
    final double maxUplift;

    Segment(double baseBuy, double maxUplift) {
        this.baseBuy = baseBuy;
        this.maxUplift = maxUplift;
    }
}
