package io.couponflow.core.metrics;

/**
 * Every metric the functions emit (CloudWatch embedded metric format, namespace {@code couponflow},
 * dimension {@code Function}): one list, so a name cannot be spelt two ways and a metric cannot be
 * emitted under another function's dimension (EmfMetrics refuses it). Every record of a function
 * carries all of its per-event metrics, zeros included, so a quiet metric is 0, not missing (what an
 * alarm on a share needs).
 */
public enum Metric {
    // score: one record per decision
    DECISIONS("score", "Decisions", Unit.COUNT),
    COUPONS_ISSUED("score", "CouponsIssued", Unit.COUNT),
    /** The expected cost of the coupons issued (the decision's cost at the cart value): committed spend. */
    COUPON_COST("score", "CouponCost", Unit.NONE),
    EXPLORED("score", "Explored", Unit.COUNT),
    COLD_START("score", "ColdStart", Unit.COUNT),
    /** Decided by the cold start for a fault: the encoder unavailable or the policy made for another encoder. */
    FALLBACK("score", "Fallback", Unit.COUNT),
    MODEL_UNAVAILABLE("score", "ModelUnavailable", Unit.COUNT),
    /** Served the shop's baseline (a user outside the live share). */
    BASELINE_SERVED("score", "BaselineServed", Unit.COUNT),
    /** Some coupon's daily budget was found spent. */
    BUDGET_EXHAUSTED("score", "BudgetExhausted", Unit.COUNT),
    /** ... before {@link #EARLY_DAY_SHARE} of the UTC day had passed: pacing failed to spread the budget. */
    BUDGET_EXHAUSTED_EARLY("score", "BudgetExhaustedEarly", Unit.COUNT),
    DECISION_LATENCY("score", "DecisionLatency", Unit.MILLISECONDS),

    // ingest: one record per batch
    EVENTS_RECEIVED("ingest", "EventsReceived", Unit.COUNT),
    EVENTS_ACCEPTED("ingest", "EventsAccepted", Unit.COUNT),
    EVENTS_DUPLICATE("ingest", "EventsDuplicate", Unit.COUNT),
    EVENTS_REJECTED("ingest", "EventsRejected", Unit.COUNT),
    EVENTS_TO_RESEND("ingest", "EventsToResend", Unit.COUNT),

    // retrain: one record per scheduled run (not per operator action)
    RETRAIN_RUNS("retrain", "RetrainRuns", Unit.COUNT),
    /** The run's candidate passed the gate and serves now. */
    RETRAIN_PROMOTED("retrain", "RetrainPromoted", Unit.COUNT),
    /** Too few closed decisions to learn or judge: nothing was trained. */
    RETRAIN_INSUFFICIENT_DATA("retrain", "RetrainInsufficientData", Unit.COUNT);

    /** A budget found spent before this share of the UTC day counts as exhausted early. */
    public static final double EARLY_DAY_SHARE = 0.9;

    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds"), NONE("None");

        private final String cloudWatch;

        Unit(String cloudWatch) {
            this.cloudWatch = cloudWatch;
        }

        public String cloudWatch() {
            return cloudWatch;
        }
    }

    private final String function;
    private final String metricName;
    private final Unit unit;

    Metric(String function, String metricName, Unit unit) {
        this.function = function;
        this.metricName = metricName;
        this.unit = unit;
    }

    /** The function (its {@code Function} dimension) that emits it. */
    public String function() {
        return function;
    }

    /** The CloudWatch metric name. */
    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }
}
