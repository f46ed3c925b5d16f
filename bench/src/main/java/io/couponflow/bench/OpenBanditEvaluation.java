package io.couponflow.bench;

import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.ope.Estimate;
import io.couponflow.core.ope.Estimators;
import io.couponflow.core.ope.LoggedRound;
import io.couponflow.core.ope.OffPolicyEstimator;
import io.couponflow.testing.RepoRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Off-policy evaluation on real logs: the Open Bandit Dataset sample ("men" campaign, 34 items, 3
 * positions; Saito et al. 2020, ZOZO Research; see ../shared/data/open-bandit-men/SOURCE.txt).
 * Estimates the Bernoulli Thompson Sampling policy's click rate from the uniform-random policy's logs
 * with each estimator, and compares with BTS's own on-policy click rate.
 *
 * <p>BTS is context-free, so its action probabilities per position are taken from its own log: the
 * mean logged propensity of each item at each position, normalised over the 34 items. The reward
 * model for DM/DR/SNDR is a smoothed click rate per (item, position), cross-fitted over two halves
 * of the random log so that no round is scored by a model that saw it.
 */
public final class OpenBanditEvaluation {
    static final int ITEMS = 34;
    static final int POSITIONS = 3;

    record Row(int item, int position, int click, double propensity) {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : RepoRoot.sharedData().resolve("open-bandit-men");
        List<Row> random = read(dir.resolve("random/men.csv"));
        List<Row> bts = read(dir.resolve("bts/men.csv"));
        double[][] pi = btsPolicy(bts);
        double truth = bts.stream().mapToInt(Row::click).average().orElseThrow();
        Bootstrap bootstrap = new Bootstrap(500, 0.9, 2020);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < bts.size(); i++) {
            idx.add(i);
        }
        double[] truthCi = bootstrap.interval(idx, s -> s.stream().mapToInt(i -> bts.get(i).click()).average().orElse(0));

        List<LoggedRound> rounds = rounds(random, pi);
        System.out.printf("Open Bandit Dataset, men campaign: random log %d rounds (%d clicks), BTS log %d rounds (%d clicks)%n",
                random.size(), random.stream().mapToInt(Row::click).sum(), bts.size(), bts.stream().mapToInt(Row::click).sum());
        System.out.printf("on-policy BTS click rate (truth): %.5f  [90%% bootstrap %.5f, %.5f]%n", truth, truthCi[0], truthCi[1]);
        System.out.printf("random policy's own click rate:   %.5f%n", random.stream().mapToInt(Row::click).average().orElseThrow());
        System.out.printf("%-6s %10s %22s %15s%n", "est.", "estimate", "90% bootstrap interval", "relative error");
        for (OffPolicyEstimator e : Estimators.all()) {
            Estimate est = bootstrap.estimate(e, rounds);
            System.out.printf("%-6s %10.5f   [%8.5f, %8.5f]   %13.1f%%%n", e.id(), est.value(), est.lower(), est.upper(),
                    100 * Math.abs(est.value() - truth) / truth);
        }
    }

    static List<Row> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",", -1);
        int item = col(header, "item_id");
        int pos = col(header, "position");
        int click = col(header, "click");
        int prop = col(header, "propensity_score");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            rows.add(new Row(Integer.parseInt(f[item]), Integer.parseInt(f[pos]) - 1, Integer.parseInt(f[click]),
                    Double.parseDouble(f[prop])));
        }
        return rows;
    }

    private static int col(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }

    /** π_BTS(item | position): mean logged propensity per item and position, normalised per position. */
    static double[][] btsPolicy(List<Row> bts) {
        double[][] sum = new double[POSITIONS][ITEMS];
        int[][] n = new int[POSITIONS][ITEMS];
        for (Row r : bts) {
            sum[r.position()][r.item()] += r.propensity();
            n[r.position()][r.item()]++;
        }
        double[][] pi = new double[POSITIONS][ITEMS];
        for (int p = 0; p < POSITIONS; p++) {
            double total = 0;
            for (int a = 0; a < ITEMS; a++) {
                pi[p][a] = n[p][a] == 0 ? 0 : sum[p][a] / n[p][a];
                total += pi[p][a];
            }
            for (int a = 0; a < ITEMS; a++) {
                pi[p][a] /= total;
            }
        }
        return pi;
    }

    /** Rounds of the random log, each scored by a click model fitted on the other half. */
    static List<LoggedRound> rounds(List<Row> random, double[][] pi) {
        int half = random.size() / 2;
        double[][][] model = {clickModel(random.subList(half, random.size())), clickModel(random.subList(0, half))};
        List<LoggedRound> out = new ArrayList<>();
        for (int i = 0; i < random.size(); i++) {
            Row r = random.get(i);
            out.add(new LoggedRound(r.click(), r.propensity(), r.item(), pi[r.position()], model[i < half ? 0 : 1][r.position()]));
        }
        return out;
    }

    /** Click rate per (position, item), shrunk towards the overall rate with a prior of 20 impressions. */
    static double[][] clickModel(List<Row> rows) {
        double overall = rows.stream().mapToInt(Row::click).average().orElse(0);
        double[][] clicks = new double[POSITIONS][ITEMS];
        double[][] shown = new double[POSITIONS][ITEMS];
        for (Row r : rows) {
            clicks[r.position()][r.item()] += r.click();
            shown[r.position()][r.item()]++;
        }
        double[][] q = new double[POSITIONS][ITEMS];
        for (int p = 0; p < POSITIONS; p++) {
            for (int a = 0; a < ITEMS; a++) {
                q[p][a] = (clicks[p][a] + 20 * overall) / (shown[p][a] + 20);
            }
        }
        return q;
    }
}
