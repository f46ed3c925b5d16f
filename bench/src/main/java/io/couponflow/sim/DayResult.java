package io.couponflow.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One simulated day: per policy, expected incremental profit and expected conversions (from the
 * simulator's ground truth, so every policy is judged on the same visits without sampling noise);
 * for the learned policy also what it realised, spent and explored, and what OPE predicted. With the
 * demo's A/B ({@code --live-share}), every figure here is over the checkouts couponflow served; those
 * served the shop's baseline are only counted in {@code baselineServed} (and in the A/B table).
 */
public final class DayResult {
    public final int day;
    public final int visits;
    public final Map<String, Double> incrementalProfit = new LinkedHashMap<>();
    public final Map<String, Double> conversions = new LinkedHashMap<>();
    public double realisedProfit;
    public int realisedConversions;
    public int couponsIssued;
    public double couponSpend;
    public int explored;
    /** Checkouts served the shop's baseline (users outside the live share): in none of the per-policy figures. */
    public int baselineServed;
    public String policyVersion;
    /** The OPE (DR) estimate of the policy that served this day, made the night before; NaN if none. */
    public double opeEstimate = Double.NaN;
    public String retrainOutcome = "";

    DayResult(int day, int visits) {
        this.day = day;
        this.visits = visits;
    }

    /** The checkouts couponflow served: every per-policy figure is over these. */
    public int couponflowVisits() {
        return visits - baselineServed;
    }

    public double perThousand(String policy) {
        return couponflowVisits() == 0 ? 0 : incrementalProfit.getOrDefault(policy, 0.0) * 1000 / couponflowVisits();
    }

    public double conversionsPerThousand(String policy) {
        return couponflowVisits() == 0 ? 0 : conversions.getOrDefault(policy, 0.0) * 1000 / couponflowVisits();
    }

    public double realisedRewardPerDecision() {
        return couponflowVisits() == 0 ? 0 : realisedProfit / couponflowVisits();
    }

    public double explorationRate() {
        return couponflowVisits() == 0 ? 0 : explored / (double) couponflowVisits();
    }
}
