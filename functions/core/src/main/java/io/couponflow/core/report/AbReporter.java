package io.couponflow.core.report;

import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.ope.Bootstrap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The nightly A/B report: live users (couponflow served them) against baseline users (served the
 * shop's own choice), on the decisions the retrain night read.
 *
 * <p>Realised incremental profit per decision = live's mean realised reward per decision − baseline's.
 * A decision's realised reward is the one attribution fixed (order value × margin − the chosen coupon's
 * cost when a sale was credited within the window, else 0), so only decisions whose window has closed
 * count. Only decisions whose request carried a baseline belong to the experiment; the group is the
 * one that served (a logged shadow means the baseline served). Users are assigned to groups by a hash
 * of their id (LiveShare), so the shopper, not the decision, is the unit that is resampled: a
 * shopper's decisions are not independent of each other. Each group's mean is Σ rewards / Σ decisions
 * over its shoppers; its interval, and the difference's, are percentile bootstrap intervals over
 * shoppers resampled within each group ({@link Bootstrap}, the gate's resampling).
 */
public final class AbReporter {
    private final ReportStore store;
    private final Function<AbReport, String> toJson;

    public AbReporter(ReportStore store, Function<AbReport, String> toJson) {
        this.store = store;
        this.toJson = toJson;
    }

    /** Computes tonight's report from the night's decisions and stores it as the latest. */
    public AbReport run(List<DecisionRecord> decisions, Instant now, int days, Duration attributionWindow,
                        Bootstrap bootstrap, double samplingRate) {
        AbReport report = compute(decisions, now, days, attributionWindow, bootstrap, samplingRate);
        store.save(report.computedAt(), toJson.apply(report));
        return report;
    }

    /** One shopper's closed decisions in one group. */
    private static final class Shopper {
        int decisions;
        double reward;
        int conversions;
        int coupons;
        double spend;
        int agreed;
    }

    /**
     * The report over {@code decisions} made in the last {@code days} days before {@code now} whose
     * attribution window has closed.
     */
    public static AbReport compute(List<DecisionRecord> decisions, Instant now, int days, Duration attributionWindow,
                                   Bootstrap bootstrap, double samplingRate) {
        if (days < 1) {
            throw new IllegalArgumentException("a report covers at least 1 day, got " + days);
        }
        long from = now.minus(Duration.ofDays(days)).toEpochMilli();
        long to = now.toEpochMilli() - attributionWindow.toMillis();
        Map<String, Shopper> live = new LinkedHashMap<>();
        Map<String, Shopper> baseline = new LinkedHashMap<>();
        int withoutBaseline = 0;
        int stillOpen = 0;
        for (DecisionRecord d : decisions) {
            if (d.ts() < from) {
                continue;
            }
            if (d.ts() > to) {
                stillOpen++;
                continue;
            }
            if (d.baseline() == null) {
                withoutBaseline++;
                continue;
            }
            Shopper s = (d.servedByBaseline() ? baseline : live).computeIfAbsent(d.userId(), u -> new Shopper());
            boolean coupon = !DecisionRecord.NONE.equals(d.chosen());
            s.decisions++;
            s.reward += d.rewardValue();
            s.conversions += d.converted() ? 1 : 0;
            s.coupons += coupon ? 1 : 0;
            s.spend += coupon && d.converted() ? d.candidates().get(d.chosenIndex()).cost() : 0;
            s.agreed += d.couponflowChoice().equals(d.baseline()) ? 1 : 0;
        }
        List<Shopper> liveShoppers = new ArrayList<>(live.values());
        List<Shopper> baselineShoppers = new ArrayList<>(baseline.values());
        AbReport.Group liveGroup = group(liveShoppers, bootstrap);
        AbReport.Group baselineGroup = group(baselineShoppers, bootstrap);
        AbReport.Interval difference = null;
        if (!liveShoppers.isEmpty() && !baselineShoppers.isEmpty()) {
            double[] ci = bootstrap.differenceInterval(liveShoppers, baselineShoppers, AbReporter::rewardPerDecision);
            difference = new AbReport.Interval(rewardPerDecision(liveShoppers) - rewardPerDecision(baselineShoppers),
                    ci[0], ci[1]);
        }
        AbReport.Agreement agreement = AbReport.Agreement.of(liveGroup.decisions() + baselineGroup.decisions(),
                liveGroup.agreement().agreed() + baselineGroup.agreement().agreed());
        return new AbReport(now.toEpochMilli(), from, to, days, samplingRate, bootstrap.confidence(), liveGroup,
                baselineGroup, difference, agreement, withoutBaseline, stillOpen);
    }

    private static AbReport.Group group(List<Shopper> shoppers, Bootstrap bootstrap) {
        int decisions = 0;
        int conversions = 0;
        int coupons = 0;
        int agreed = 0;
        double spend = 0;
        for (Shopper s : shoppers) {
            decisions += s.decisions;
            conversions += s.conversions;
            coupons += s.coupons;
            agreed += s.agreed;
            spend += s.spend;
        }
        AbReport.Interval reward = null;
        if (!shoppers.isEmpty()) {
            double[] ci = bootstrap.interval(shoppers, AbReporter::rewardPerDecision);
            reward = new AbReport.Interval(rewardPerDecision(shoppers), ci[0], ci[1]);
        }
        return new AbReport.Group(shoppers.size(), decisions, reward, conversions, coupons, spend,
                AbReport.Agreement.of(decisions, agreed));
    }

    /** Σ rewards / Σ decisions over shoppers: the mean realised reward per decision. */
    private static double rewardPerDecision(List<Shopper> shoppers) {
        double reward = 0;
        int decisions = 0;
        for (Shopper s : shoppers) {
            reward += s.reward;
            decisions += s.decisions;
        }
        return reward / decisions;
    }
}
