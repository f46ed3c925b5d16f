package io.couponflow.core.report;

/**
 * The A/B report one retrain night stores ({@link AbReporter}): over the closed decisions of the last
 * {@code days} days whose request carried the shop's baseline, what users couponflow served (live)
 * and users served the baseline realised per decision, and how often couponflow chose as the baseline.
 * {@code GET /v1/report} answers the latest one as JSON.
 *
 * @param computedAt        when the night computed it (epoch ms)
 * @param from              the decisions counted were made at or after this (epoch ms): {@code days} before computedAt
 * @param to                ... and at or before this: computedAt less the attribution window, so every
 *                          counted decision's reward is final
 * @param days              the report's period in days
 * @param samplingRate      share of shoppers the night read (UserSample; 1 = all): the figures are of a
 *                          uniform random sample of shoppers
 * @param confidence        coverage of every interval (bootstrap percentile interval, shoppers resampled)
 * @param live              users inside the live share: couponflow served them
 * @param baseline          users outside it: served the shop's baseline
 * @param incrementalProfit realised incremental profit per decision: live's mean realised reward per
 *                          decision minus baseline's; null until both groups have a decision
 * @param agreement         both groups together: decisions where couponflow's choice (what it served, or
 *                          its shadow choice) equals the baseline's
 * @param withoutBaseline   closed decisions of the period whose request carried no baseline: in neither group
 * @param stillOpen         decisions of the period still inside their attribution window: not counted yet
 */
public record AbReport(long computedAt, long from, long to, int days, double samplingRate, double confidence,
                       Group live, Group baseline, Interval incrementalProfit, Agreement agreement,
                       int withoutBaseline, int stillOpen) {

    /**
     * One group's closed decisions.
     *
     * @param users             distinct users with a decision in the period
     * @param decisions         closed decisions
     * @param rewardPerDecision mean realised reward per decision (order value × margin − the coupon's cost
     *                          when a sale was credited, else 0) with its interval; null with no decision
     * @param conversions       decisions a sale was credited to
     * @param couponsIssued     decisions that gave a coupon
     * @param couponSpend       what the group's coupons cost the shop: the cost of each coupon given at a
     *                          decision a sale was credited to (what the rewards subtract)
     * @param agreement         this group's decisions where couponflow's choice equals the baseline's
     */
    public record Group(int users, int decisions, Interval rewardPerDecision, int conversions, int couponsIssued,
                        double couponSpend, Agreement agreement) {
    }

    /** A figure with its bootstrap interval. */
    public record Interval(double value, double lower, double upper) {
    }

    /**
     * @param decisions decisions compared
     * @param agreed    of them, where couponflow's choice equals the baseline's ("none" equals "none")
     * @param rate      agreed / decisions; null with no decision
     */
    public record Agreement(int decisions, int agreed, Double rate) {
        static Agreement of(int decisions, int agreed) {
            return new Agreement(decisions, agreed, decisions == 0 ? null : agreed / (double) decisions);
        }
    }
}
