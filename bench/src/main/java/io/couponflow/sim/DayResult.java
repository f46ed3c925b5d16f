package io.couponflow.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One simulated day: per policy, expected incremental profit and expected conversions (from the
 * simulator's ground truth, so every policy is judged on the same visits without sampling noise);
 * for the learned policy also what it realised, spent and explored, and what OPE predicted.
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
    public String policyVersion;
    /** The OPE (DR) estimate of the policy that served this day, made the night before; NaN if none. */
    public double opeEstimate = Double.NaN;
    public String retrainOutcome = "";

    DayResult(int day, int visits) {
        this.day = day;
        this.visits = visits;
    }

    public double perThousand(String policy) {
        return visits == 0 ? 0 : incrementalProfit.getOrDefault(policy, 0.0) * 1000 / visits;
    }

    public double conversionsPerThousand(String policy) {
        return visits == 0 ? 0 : conversions.getOrDefault(policy, 0.0) * 1000 / visits;
    }

    public double realisedRewardPerDecision() {
        return visits == 0 ? 0 : realisedProfit / visits;
    }

    public double explorationRate() {
        return visits == 0 ? 0 : explored / (double) visits;
    }
}
