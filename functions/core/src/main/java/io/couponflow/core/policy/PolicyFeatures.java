package io.couponflow.core.policy;

import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;

import java.util.List;

/**
 * The feature maps of the policy's heads, each of the form φ(a)ᵀ W z(s) (the encoder's own inputs are
 * another idea: {@code core.features}, FeatureSpec and FeatureEncoder).
 * z(s) = [h(s); context; counts of each event type in the window; how long the session has lasted; recency of
 * purchases and coupons; 1] and φ(a) = [1, isCoupon, fixed,
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
     * The rows of φ whose weights on the state the head does not learn, only their intercept: the kind
     * indicators (fixed, percent, free shipping). Why: README "Learning", Value.
     */
    public static boolean[] interceptOnlyRows() {
        boolean[] rows = new boolean[ACTION_DIM];
        rows[2] = true;
        rows[3] = true;
        rows[4] = true;
        return rows;
    }
    /**
     * Version of these maps. A head applies only to states and actions made by the same encoder and
     * the same maps: {@link #stateVersion} is what decisions log and policies are checked against.
     */
    public static final String VERSION = "f4";

    /** The version of a decision's features: the encoder's and these maps'. */
    public static String stateVersion(String encoderVersion) {
        return encoderVersion + "/" + VERSION;
    }
    /** Days after which "since the last purchase / coupon" stops counting (and the value when none is in the window). */
    static final double RECENCY_CAP_DAYS = 30;

    /** Where a session's duration stops counting: log1p of 8 hours, so the feature lies in [0, 1]. */
    static final double SESSION_LOG_SECONDS_CAP = Math.log1p(8 * 3600.0);

    /*
     * Where each part of the context sits, after h(s): cart value (2), channel (3) and purchase head (1),
     * then a count per event type (session / history), the session's duration (1), and the days since
     * the last purchase and since the last coupon shown (2). state() writes, and stateBlocksOf() reads,
     * this one layout.
     */
    static final int COUNTS = 6;
    static final int DURATION = COUNTS + EventType.values().length;
    static final int RECENCY = DURATION + 1;
    public static final int CONTEXT_DIM = RECENCY + 2;

    /**
     * The event types that tell the shopper's history rather than this session's browsing: they count
     * over the whole window and form the history block with the recency features.
     */
    static boolean isHistory(EventType t) {
        return t == EventType.PURCHASE || t == EventType.COUPON_SHOWN || t == EventType.COUPON_REDEEMED;
    }

    public static int stateDim(int hidden) {
        return hidden + CONTEXT_DIM + 1;
    }

    /**
     * Which block each feature of a state of this width belongs to: 0 the encoder's h(s), 1 the context
     * (cart, channel, purchase head), 2 this session's browsing (its event counts and duration), 3 the
     * shopper's history (counts of purchases and coupons in the window, and their recency); the
     * constant 1 last (block 0, unused). The learner gives each block its own prior, so the data decide
     * how much each kind of feature carries: the session and the history apart, because a coupon row can
     * need one and not the other (whether a shopper buys often says who they are among quick, one-view
     * sessions, and nothing about one who hesitates over the cart). A state narrower than this layout
     * (a hand-made one) is one block.
     */
    public static int[] stateBlocksOf(int stateDim) {
        int hidden = stateDim - CONTEXT_DIM - 1;
        if (hidden < 0) {
            return new int[stateDim];   // not this layout (a hand-made state): one block
        }
        int[] b = new int[stateDim];
        for (int j = hidden; j < hidden + COUNTS; j++) {
            b[j] = 1;
        }
        for (EventType t : EventType.values()) {
            b[hidden + COUNTS + t.ordinal()] = isHistory(t) ? 3 : 2;
        }
        b[hidden + DURATION] = 2;
        b[hidden + RECENCY] = 3;
        b[hidden + RECENCY + 1] = 3;
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
            if (inSession || isHistory(e.type())) {
                z[o + COUNTS + e.type().ordinal()] += 0.2;
            }
            if (e.type() == EventType.SESSION_START) {
                inSession = false;
            }
        }
        z[o + DURATION] = sessionDuration(window);
        // how long since the shopper last bought and last saw a coupon, from the newest event on:
        // what a coupon today does to the next visit depends on both (habituation, retention)
        long newest = window.isEmpty() ? 0 : window.get(0).ts();
        z[o + RECENCY] = recency(window, newest, EventType.PURCHASE);
        z[o + RECENCY + 1] = recency(window, newest, EventType.COUPON_SHOWN);
        z[z.length - 1] = 1.0;
        return z;
    }

    /**
     * How long the current session has lasted, from its session_start to the newest event, as log1p of
     * the seconds over that of 8 hours, in [0, 1]. A session that began before the window's oldest event
     * counts from that event; an empty window is 0. Dwell separates sessions alike in their counts: a
     * quick view-and-add from a slow one with long gaps between the steps.
     */
    static double sessionDuration(List<BehaviourEvent> window) {
        if (window.isEmpty()) {
            return 0;
        }
        long start = window.get(window.size() - 1).ts();
        for (BehaviourEvent e : window) {
            if (e.type() == EventType.SESSION_START) {
                start = e.ts();
                break;
            }
        }
        double seconds = Math.max(0, window.get(0).ts() - start) / 1000.0;
        return Math.min(1, Math.log1p(seconds) / SESSION_LOG_SECONDS_CAP);
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
