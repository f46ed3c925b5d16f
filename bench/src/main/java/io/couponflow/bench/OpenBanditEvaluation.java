package io.couponflow.bench;

import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.ope.Estimate;
import io.couponflow.core.ope.Estimators;
import io.couponflow.core.ope.LoggedRound;
import io.couponflow.core.ope.OffPolicyEstimator;
import io.couponflow.testing.RepoRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Off-policy evaluation on real logs: the Open Bandit Dataset (Saito, Aihara, Matsutani and Narita
 * 2020, ZOZO Research; attribution and licence in SOURCE.txt of the data folder). Estimates the
 * Bernoulli Thompson Sampling policy's click rate from the uniform-random policy's logs with each
 * estimator, and compares with BTS's own on-policy click rate and that rate's 90% bootstrap interval.
 * <pre>
 * OpenBanditEvaluation [DATA_DIR] [--campaign men|women|all]
 * </pre>
 * reads {@code DATA_DIR/random/<campaign>.csv} and {@code DATA_DIR/bts/<campaign>.csv} (default
 * {@code ../shared/data/open-bandit-men}, campaign {@code men}); the numbers of items and positions
 * come from the data.
 * <p>
 * BTS is context-free, so the policy evaluated is π(item | position), estimated from its own log in
 * two ways, each with its own table:
 * <ul>
 *   <li>{@code frequency}: the share of BTS's impressions at each position that showed each item. BTS
 *   changed its sampling during the logged week; its log is a draw from the week's average policy,
 *   whose value is the on-policy click rate the truth measures, and the frequencies are that average
 *   policy's unbiased estimate. The README reports this one.</li>
 *   <li>{@code mean propensity}: the mean logged propensity of each item at each position, normalised
 *   per position. Averaging over the rounds where the item was shown weights each moment by how often
 *   the item was shown then (E[p | shown] = E[p²] / E[p]), which favours items whose probability moved.</li>
 * </ul>
 * The reward model for DM/DR/SNDR is a smoothed click rate per (position, item), cross-fitted over two
 * halves of the random log so that no round is scored by a model that saw it.
 */
public final class OpenBanditEvaluation {
    static final Set<String> CAMPAIGNS = Set.of("men", "women", "all");

    record Row(int item, int position, int click, double propensity) {
    }

    /** The shape of the campaign: item ids 0..items-1 and positions 0..positions-1, as in the data. */
    record Shape(int items, int positions) {
        static Shape of(List<Row> a, List<Row> b) {
            int items = 0;
            int positions = 0;
            for (List<Row> rows : List.of(a, b)) {
                for (Row r : rows) {
                    items = Math.max(items, r.item() + 1);
                    positions = Math.max(positions, r.position() + 1);
                }
            }
            return new Shape(items, positions);
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = RepoRoot.sharedData().resolve("open-bandit-men");
        String campaign = "men";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--campaign")) {
                campaign = args[++i];
            } else {
                dir = Path.of(args[i]);
            }
        }
        if (!CAMPAIGNS.contains(campaign)) {
            throw new IllegalArgumentException("--campaign must be men, women or all, got " + campaign);
        }
        List<Row> random;
        List<Row> bts;
        try {
            random = read(dir.resolve("random").resolve(campaign + ".csv"));
            bts = read(dir.resolve("bts").resolve(campaign + ".csv"));
        } catch (NoSuchFileException missing) {
            System.err.println("no such file: " + missing.getMessage());
            System.exit(2);
            return;
        }
        Shape shape = Shape.of(random, bts);
        Bootstrap bootstrap = new Bootstrap(500, 0.9, 2020);

        double truth = bts.stream().mapToInt(Row::click).average().orElseThrow();
        List<Integer> idx = IntStream.range(0, bts.size()).boxed().toList();
        double[] truthCi = bootstrap.interval(idx, s -> s.stream().mapToInt(i -> bts.get(i).click()).average().orElse(0));
        System.out.printf("Open Bandit Dataset (Saito et al. 2020, ZOZO Research), %s campaign, %d items, %d positions: "
                        + "random log %d rounds (%d clicks), BTS log %d rounds (%d clicks)%n", campaign, shape.items(),
                shape.positions(), random.size(), clicks(random), bts.size(), clicks(bts));
        System.out.printf("on-policy BTS click rate (truth): %.5f  [90%% bootstrap %.5f, %.5f]%n", truth, truthCi[0], truthCi[1]);
        System.out.printf("random policy's own click rate:   %.5f%n", random.stream().mapToInt(Row::click).average().orElseThrow());

        table("frequency (reported in the README)", bootstrap, rounds(random, frequencyPolicy(bts, shape), shape), truth);
        table("mean propensity", bootstrap, rounds(random, meanPropensityPolicy(bts, shape), shape), truth);
    }

    private static void table(String policy, Bootstrap bootstrap, List<LoggedRound> rounds, double truth) {
        System.out.printf("%nBTS policy estimated by %s%n", policy);
        System.out.printf("%-6s %10s %24s %15s %12s%n", "est.", "estimate", "90% bootstrap interval", "relative error",
                "truth inside");
        for (OffPolicyEstimator e : Estimators.all()) {
            Estimate est = bootstrap.estimate(e, rounds);
            System.out.printf("%-6s %10.5f   [%8.5f, %8.5f]   %+13.1f%% %12s%n", e.id(), est.value(), est.lower(), est.upper(),
                    100 * (est.value() - truth) / truth, est.lower() <= truth && truth <= est.upper() ? "yes" : "no");
        }
    }

    private static int clicks(List<Row> rows) {
        return rows.stream().mapToInt(Row::click).sum();
    }

    static List<Row> read(Path csv) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(csv + " (the data folder holds random/ and bts/ with one CSV per campaign; "
                    + "../shared/data/open-bandit-men has the men campaign only)");
        }
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

    /** π(item | position): the share of the position's impressions that showed the item. */
    static double[][] frequencyPolicy(List<Row> bts, Shape shape) {
        double[][] pi = new double[shape.positions()][shape.items()];
        for (Row r : bts) {
            pi[r.position()][r.item()]++;
        }
        return normalisedPerPosition(pi);
    }

    /** π(item | position): the item's mean logged propensity at the position, normalised per position. */
    static double[][] meanPropensityPolicy(List<Row> bts, Shape shape) {
        double[][] sum = new double[shape.positions()][shape.items()];
        int[][] n = new int[shape.positions()][shape.items()];
        for (Row r : bts) {
            sum[r.position()][r.item()] += r.propensity();
            n[r.position()][r.item()]++;
        }
        double[][] pi = new double[shape.positions()][shape.items()];
        for (int p = 0; p < shape.positions(); p++) {
            for (int a = 0; a < shape.items(); a++) {
                pi[p][a] = n[p][a] == 0 ? 0 : sum[p][a] / n[p][a];
            }
        }
        return normalisedPerPosition(pi);
    }

    private static double[][] normalisedPerPosition(double[][] weights) {
        for (double[] row : weights) {
            double total = 0;
            for (double w : row) {
                total += w;
            }
            for (int a = 0; a < row.length; a++) {
                row[a] /= total;
            }
        }
        return weights;
    }

    /** Rounds of the random log, each scored by a click model fitted on the other half. */
    static List<LoggedRound> rounds(List<Row> random, double[][] pi, Shape shape) {
        int half = random.size() / 2;
        double[][][] model = {clickModel(random.subList(half, random.size()), shape), clickModel(random.subList(0, half), shape)};
        List<LoggedRound> out = new ArrayList<>();
        for (int i = 0; i < random.size(); i++) {
            Row r = random.get(i);
            out.add(new LoggedRound(r.click(), r.propensity(), r.item(), pi[r.position()], model[i < half ? 0 : 1][r.position()]));
        }
        return out;
    }

    /** Click rate per (position, item), shrunk towards the overall rate with a prior of 20 impressions. */
    static double[][] clickModel(List<Row> rows, Shape shape) {
        double overall = rows.stream().mapToInt(Row::click).average().orElse(0);
        double[][] clicks = new double[shape.positions()][shape.items()];
        double[][] shown = new double[shape.positions()][shape.items()];
        for (Row r : rows) {
            clicks[r.position()][r.item()] += r.click();
            shown[r.position()][r.item()]++;
        }
        double[][] q = new double[shape.positions()][shape.items()];
        for (int p = 0; p < shape.positions(); p++) {
            for (int a = 0; a < shape.items(); a++) {
                q[p][a] = (clicks[p][a] + 20 * overall) / (shown[p][a] + 20);
            }
        }
        return q;
    }
}
