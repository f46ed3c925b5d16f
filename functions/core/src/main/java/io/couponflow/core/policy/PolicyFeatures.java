package io.couponflow.core.policy;

import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;

import java.util.List;

/**
 * The feature maps of the policy's heads, each of the form φ(a)ᵀ W z(s) (the encoder's own inputs are
 * another idea: {@code core.features}, FeatureSpec and FeatureEncoder).
 * z(s) = [h(s); context; counts of each event type in the window; recency of purchases and coupons; 1] and φ(a) = [1, isCoupon, fixed,
 * percent, freeShipping, relative depth, absolute cost / 50, category match]. φ(none) = [1, 0, …, 0],
 * so row 0 of W is what "none" scores and the other rows are how a coupon differs from it: one row for
 * any coupon, then rows for its kind, depth, cost and category match, so that what coupons share is
 * learnt from all of them.
 */
public final class PolicyFeatures {
    private PolicyFeatures() {
    }

    public static final int ACTION_DIM = 8;
    /**
     * The rows of φ every coupon has alike: row 0 (what "none" scores) and row 1 (any coupon). The
     * rows after them say how one coupon differs from another (kind, depth, cost, category).
     */
    public static final int SHARED_ROWS = 2;
    /**
     * Version of these maps. A head applies only to states and actions made by the same encoder and
     * the same maps: {@link #stateVersion} is what decisions log and policies are checked against.
     */
    public static final String VERSION = "f3";

    /** The version of a decision's features: the encoder's and these maps'. */
    public static String stateVersion(String encoderVersion) {
        return encoderVersion + "/" + VERSION;
    }
    /** Days after which "since the last purchase / coupon" stops counting (and the value when none is in the window). */
    static final double RECENCY_CAP_DAYS = 30;

    /**
     * Cart value (2), channel (3), purchase head (1), a count per event type (session / history), and
     * the days since the last purchase and since the last coupon shown (2).
     */
    public static final int CONTEXT_DIM = 6 + EventType.values().length + 2;

    public static int stateDim(int hidden) {
        return hidden + CONTEXT_DIM + 1;
    }

    /**
     * Which block each feature of a state of this width belongs to: 0 the encoder's h(s), 1 the context
     * (cart, channel, purchase head), 2 the event counts, 3 the recency of purchases and coupons; the
     * constant 1 last (block 0, unused). The learner gives each block its own prior, so the data decide
     * how much each kind of feature carries. A state narrower than this layout (a hand-made one) is one block.
     */
    public static int[] stateBlocksOf(int stateDim) {
        int hidden = stateDim - CONTEXT_DIM - 1;
        if (hidden < 0) {
            return new int[stateDim];   // not this layout (a hand-made state): one block
        }
        int[] b = new int[stateDim];
        for (int j = hidden; j < hidden + 6; j++) {
            b[j] = 1;
        }
        for (int j = hidden + 6; j < hidden + CONTEXT_DIM - 2; j++) {
            b[j] = 2;
        }
        b[hidden + CONTEXT_DIM - 2] = 3;
        b[hidden + CONTEXT_DIM - 1] = 3;
        return b;
    }

    /**
     * @param window the events the encoder saw (newest first). Their per-type counts sit beside h(s):
     *               a wide part next to the deep one, so the linear head can use plain behaviour
     *               patterns even where the encoder (trained for next purchase) blurs them.
     */
    public static double[] state(float[] h, double purchaseProb, DecisionContext ctx, List<BehaviourEvent> window) {
        double[] z = new double[stateDim(h.length)];
        for (int i = 0; i < h.length; i++) {
            z[i] = h[i];
        }
        int o = h.length;
        double cart = Math.max(0, ctx.cartValue());
        z[o] = Math.min(cart / 100.0, 10.0);
        z[o + 1] = Math.log1p(cart) / 5.0;
        String channel = ctx.channel() == null ? "" : ctx.channel();
        z[o + 2] = channel.equals("web") ? 1 : 0;
        z[o + 3] = channel.equals("app") ? 1 : 0;
        z[o + 4] = channel.equals("web") || channel.equals("app") ? 0 : 1;
        z[o + 5] = purchaseProb;
        // browsing steps count within the current session (since the newest session_start); purchases
        // and coupon events count over the whole window (the shopper's recent history)
        boolean inSession = true;
        for (BehaviourEvent e : window) {
            boolean history = e.type() == EventType.PURCHASE || e.type() == EventType.COUPON_SHOWN
                    || e.type() == EventType.COUPON_REDEEMED;
            if (inSession || history) {
                z[o + 6 + e.type().ordinal()] += 0.2;
            }
            if (e.type() == EventType.SESSION_START) {
                inSession = false;
            }
        }
        // how long since the shopper last bought and last saw a coupon, from the newest event on:
        // what a coupon today does to the next visit depends on both (habituation, retention)
        long newest = window.isEmpty() ? 0 : window.get(0).ts();
        z[o + CONTEXT_DIM - 2] = recency(window, newest, EventType.PURCHASE);
        z[o + CONTEXT_DIM - 1] = recency(window, newest, EventType.COUPON_SHOWN);
        z[z.length - 1] = 1.0;
        return z;
    }

    /**
     * Days from the newest event back to the last one of this type, in whole hours, over the cap, in
     * [0, 1]; 1 when there is none. Whole hours: a feature about days should not move with a client's
     * clock jitter of milliseconds (which the state's standardisation would magnify).
     */
    static double recency(List<BehaviourEvent> window, long newest, EventType type) {
        for (BehaviourEvent e : window) {
            if (e.type() == type) {
                long hours = Math.max(0, newest - e.ts()) / 3_600_000L;
                return Math.min(1, hours / 24.0 / RECENCY_CAP_DAYS);
            }
        }
        return 1;
    }

    /** φ(none). */
    public static double[] none() {
        double[] phi = new double[ACTION_DIM];
        phi[0] = 1;
        return phi;
    }

    /** φ(coupon) in this context; {@code recentCategory} is the category the shopper looked at last (or null). */
    public static double[] coupon(Coupon c, DecisionContext ctx, String recentCategory) {
        double[] phi = new double[ACTION_DIM];
        phi[0] = 1;
        phi[1] = 1;
        switch (c.kind()) {
            case FIXED -> phi[2] = 1;
            case PERCENT -> phi[3] = 1;
            case FREE_SHIPPING -> phi[4] = 1;
        }
        double basis = Math.max(ctx.cartValue(), Math.max(c.minSpend(), 10.0));
        double cost = c.cost(basis);
        phi[5] = Math.min(cost / basis, 1.0);
        phi[6] = cost / 50.0;
        String cat = ctx.category() != null ? ctx.category() : recentCategory;
        phi[7] = c.category() != null && c.category().equals(cat) ? 1 : 0;
        return phi;
    }

    /** The coupon's expected cost at this cart value (for the budget-pacing penalty). */
    public static double expectedCost(Coupon c, DecisionContext ctx) {
        return c.cost(Math.max(ctx.cartValue(), c.minSpend()));
    }
}
