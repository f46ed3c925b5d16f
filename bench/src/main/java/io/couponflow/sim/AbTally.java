package io.couponflow.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.TreeMap;

/**
 * The demo's A/B ({@code --live-share}): per group (couponflow served / the shop's baseline rule
 * served), what the demo's checkouts realised and what the simulator knows they were worth, printed
 * beside the A/B report the retrain stored ({@code GET /v1/report}) for the same decisions: the
 * checkouts of the report's last days only (a run longer than the report's window has more).
 */
final class AbTally {
    /** One group's checkouts. */
    static final class Group {
        int checkouts;
        double realised;
        double expected;
        double uplift;
        int coupons;
        double spend;
        /** On live checkouts: the true expected reward the baseline rule's choice would have had. */
        double ruleOnLive;

        void addAll(Group o) {
            checkouts += o.checkouts;
            realised += o.realised;
            expected += o.expected;
            uplift += o.uplift;
            coupons += o.coupons;
            spend += o.spend;
            ruleOnLive += o.ruleOnLive;
        }

        double realisedPer() {
            return checkouts == 0 ? Double.NaN : realised / checkouts;
        }

        double expectedPer() {
            return checkouts == 0 ? Double.NaN : expected / checkouts;
        }

        double upliftPer() {
            return checkouts == 0 ? Double.NaN : uplift / checkouts;
        }
    }

    /** Per simulated day: {live, baseline}. */
    private final TreeMap<Integer, Group[]> byDay = new TreeMap<>();

    /** A checkout: served by the baseline or by couponflow, what was served, what the rule chose, whether the shopper bought. */
    synchronized void add(boolean baselineServed, Simulator.Visit v, Market.SimCoupon served, Market.SimCoupon rule,
                          boolean bought, Market market) {
        Group g = byDay.computeIfAbsent(v.day(), d -> new Group[]{new Group(), new Group()})[baselineServed ? 1 : 0];
        double cost = served == null ? 0 : served.cost(v.basket());
        g.checkouts++;
        g.realised += bought ? market.marginRate() * v.basket() - cost : 0;
        g.expected += v.expectedProfit(served, market);
        g.uplift += v.upliftOf(served, market);
        g.coupons += served == null ? 0 : 1;
        g.spend += bought ? cost : 0;
        if (!baselineServed) {
            g.ruleOnLive += v.expectedProfit(rule, market);
        }
    }

    /** The report's figures beside the demo's own and the simulator's truth, as printed and written to the HTML report. */
    synchronized String table(JsonNode report, double liveShare) {
        int days = report.path("days").asInt();
        Group live = new Group();
        Group baseline = new Group();
        if (!byDay.isEmpty()) {
            byDay.tailMap(byDay.lastKey() - days, false).values().forEach(g -> {
                live.addAll(g[0]);
                baseline.addAll(g[1]);
            });
        }
        double ruleOnLive = live.ruleOnLive;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "A/B: live share %.2f, baseline the propensity targeter; "
                + "GET /v1/report after the last night (its last %d days) beside the "
                + "simulator's truth for the checkouts of those days, per checkout:%n", liveShare, days));
        out.append(String.format(Locale.ROOT, "%-16s | %9s %33s %7s %8s | %9s %8s %8s %8s %9s%n", "group", "decisions",
                "realised reward [" + Math.round(100 * report.path("confidence").asDouble()) + "% interval]", "coupons",
                "spend", "checkouts", "realised", "expected", "uplift", "agreement"));
        row(out, "live", report.path("live"), live);
        row(out, "baseline", report.path("baseline"), baseline);
        JsonNode d = report.path("incrementalProfit");
        out.append(String.format(Locale.ROOT, "%-16s | %9s %33s %7s %8s | %9s %8.3f %8.3f %8.3f%n", "live - baseline", "",
                d.isObject() ? String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", d.path("value").asDouble(),
                        d.path("lower").asDouble(), d.path("upper").asDouble()) : "-", "", "", "",
                live.realisedPer() - baseline.realisedPer(), live.expectedPer() - baseline.expectedPer(),
                live.upliftPer() - baseline.upliftPer()));
        JsonNode a = report.path("agreement");
        out.append(String.format(Locale.ROOT, "agreement: couponflow's choice (served, or its shadow) equalled the baseline's "
                + "on %s of %d decisions (%d)%n", a.path("rate").isNumber()
                        ? String.format(Locale.ROOT, "%.1f%%", 100 * a.path("rate").asDouble()) : "-",
                a.path("decisions").asInt(), a.path("agreed").asInt()));
        out.append(String.format(Locale.ROOT, "truth on the live checkouts, paired: couponflow's choices %.3f, the baseline "
                + "rule's on the same checkouts %.3f per checkout (difference %+.3f)%n", live.expectedPer(),
                live.checkouts == 0 ? Double.NaN : ruleOnLive / live.checkouts,
                live.checkouts == 0 ? Double.NaN : (live.expected - ruleOnLive) / live.checkouts));
        out.append("(realised: the demo's own count, which the report should equal when every sale was credited; expected: "
                + "the simulator's expected reward of what was served; uplift: over no coupon)\n");
        return out.toString();
    }

    private static void row(StringBuilder out, String name, JsonNode g, Group truth) {
        JsonNode r = g.path("rewardPerDecision");
        JsonNode agreement = g.path("agreement").path("rate");
        out.append(String.format(Locale.ROOT, "%-16s | %9d %33s %7d %8.0f | %9d %8.3f %8.3f %8.3f %9s%n", name,
                g.path("decisions").asInt(), r.isObject() ? String.format(Locale.ROOT, "%.3f [%.3f, %.3f]",
                        r.path("value").asDouble(), r.path("lower").asDouble(), r.path("upper").asDouble()) : "-",
                g.path("couponsIssued").asInt(), g.path("couponSpend").asDouble(), truth.checkouts, truth.realisedPer(),
                truth.expectedPer(), truth.upliftPer(),
                agreement.isNumber() ? String.format(Locale.ROOT, "%.1f%%", 100 * agreement.asDouble()) : "-"));
    }
}
