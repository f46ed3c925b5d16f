package io.couponflow.core.decision;

/**
 * Why a decision came out as it did: a code, and the coupon it concerns for per-coupon codes. On the
 * wire and in the decision log a reason is its {@link #toString()}: {@code CODE} or {@code CODE:couponId}.
 */
public record Reason(Code code, String couponId) {

    /** Every reason code: the one list the API, the decision log and the metrics share. */
    public enum Code {
        /** The policy's point estimate chose this action. */
        GREEDY,
        /** The policy's exploration chose another action than its point estimate would. */
        EXPLORED,
        /** No trained policy serves (or none may): the cold-start distribution chose. */
        COLD_START,
        /** The shopper has no events: decided on the empty history's state. */
        NO_HISTORY,
        /** The encoder could not be loaded or failed: cold start. */
        MODEL_UNAVAILABLE,
        /** The serving policy was trained on another encoder's states: cold start. */
        POLICY_ENCODER_MISMATCH,
        /** No coupon could be offered; the answer is none. */
        NO_ELIGIBLE_COUPON,
        /**
         * The shopper is outside couponflow's live share: the shop's own choice (the request's
         * {@code baseline}) was served, and what couponflow would have chosen was logged beside it.
         */
        BASELINE,
        UNKNOWN_COUPON(true),
        INACTIVE(true),
        OUTSIDE_VALIDITY(true),
        BELOW_MIN_SPEND(true),
        CATEGORY_MISMATCH(true),
        BUDGET_EXHAUSTED(true),
        /** DynamoDB refused the budget's counters for throughput (a hot key) on every shard tried: not issued. */
        BUDGET_BUSY(true),
        USER_CAP_REACHED(true);

        private final boolean perCoupon;

        Code() {
            this(false);
        }

        Code(boolean perCoupon) {
            this.perCoupon = perCoupon;
        }

        public boolean perCoupon() {
            return perCoupon;
        }
    }

    public Reason {
        if (code.perCoupon() != (couponId != null)) {
            throw new IllegalArgumentException(code + (code.perCoupon() ? " needs" : " takes no") + " coupon id");
        }
    }

    public static Reason of(Code code) {
        return new Reason(code, null);
    }

    public static Reason of(Code code, String couponId) {
        return new Reason(code, couponId);
    }

    @Override
    public String toString() {
        return couponId == null ? code.name() : code.name() + ":" + couponId;
    }
}
