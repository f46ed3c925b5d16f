package io.couponflow.sim;

import io.couponflow.bench.Stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compares two versions of the learner on the offline loop, seed by seed: reads the saved output of
 * {@link OfflineLoop} runs of each and pairs the runs that share a world (market, seed, exploration
 * run, shoppers, days), so that a change is judged by its paired difference over many runs rather than
 * by one 12-seed figure, whose luck is larger than most changes ("How much of a figure is luck", README).
 *
 * <pre>PairedRuns --base FILE... --change FILE...</pre>
 * Each FILE is what one {@code OfflineLoop} run printed (any markets, seeds and {@code --exploration-run}).
 * Per market it prints the share of the oracle of each side over the paired runs, the mean paired
 * difference per 1,000 checkouts over the last days with its standard error, the same per exploration
 * run, and how many runs of the change beat no coupon. A second line compares seed by seed with each
 * side averaged over every exploration run it has of that seed ({@link #compareBySeed}): the runs of
 * one seed part after the first changed decision, so pairing them by run index pairs little, and a
 * change measured on fewer runs than the base (run 0 only, say) is then weighed against all of the
 * base's runs rather than against the luck of the base's run 0, the stream its defaults were chosen on.
 */
public final class PairedRuns {
    private static final Pattern HEADER = Pattern.compile("^offline loop: (\\d+) days, (\\d+) shoppers;.*?"
            + "(?:; exploration run (\\d+))?$");
    private static final Pattern SEED = Pattern.compile("^(\\S+)\\s+seed (\\d+): learned\\s+(-?\\d+) .* oracle\\s+(-?\\d+)$");

    private PairedRuns() {
    }

    /** One world the loop ran: its runs on both sides are paired. */
    record World(String market, int seed, int explorationRun, int shoppers, int days) {
    }

    /**
     * What the loop printed for one world: the learned policy's and the oracle's incremental profit over
     * no coupon per 1,000 checkouts over the last days (so a run beats no coupon when learned > 0).
     */
    record Figures(double learned, double oracle) {
    }

    /** The paired comparison of one market. */
    record Comparison(String market, int paired, int unpaired, double baseShare, double changeShare,
                      double meanDifference, double standardError, Map<Integer, Double> meanDifferenceByRun,
                      long changeBeatsNone, double changeMin) {
        String line() {
            if (paired == 0) {
                return String.format(Locale.ROOT, "%-16s no paired runs (%d unpaired)", market, unpaired);
            }
            StringBuilder byRun = new StringBuilder();
            meanDifferenceByRun.forEach((run, d) -> byRun.append(byRun.isEmpty() ? "" : " / ")
                    .append(String.format(Locale.ROOT, "%+.0f", d)));
            return String.format(Locale.ROOT, "%-16s %d paired runs%s: base %.1f%% of the oracle, change %.1f%%; "
                            + "difference %+.1f ± %.1f per 1,000 checkouts (t %+.1f); by exploration run %s %s; "
                            + "change beats no coupon in %d/%d, min %.0f",
                    market, paired, unpaired == 0 ? "" : " (" + unpaired + " unpaired)", 100 * baseShare, 100 * changeShare,
                    meanDifference, standardError, standardError > 0 ? meanDifference / standardError : 0,
                    meanDifferenceByRun.keySet(), byRun, changeBeatsNone, paired, changeMin);
        }
    }

    /** One seed of one world size, its exploration runs set aside: what {@link #compareBySeed} averages over. */
    record Seed(String market, int seed, int shoppers, int days) {
        static Seed of(World w) {
            return new Seed(w.market(), w.seed(), w.shoppers(), w.days());
        }
    }

    /**
     * One market compared seed by seed, each side's figure for a seed the mean over its runs of it.
     *
     * @param seeds      seeds both sides have
     * @param baseRuns   the base's runs of those seeds
     * @param changeRuns the change's runs of those seeds
     */
    record SeedComparison(String market, int seeds, int baseRuns, int changeRuns, double baseShare, double changeShare,
                          double meanDifference, double standardError) {
        String line() {
            if (seeds == 0) {
                return String.format(Locale.ROOT, "%-16s by seed: no seed on both sides", market);
            }
            return String.format(Locale.ROOT, "%-16s by seed, each side's runs averaged: %d seeds (base %d runs, change %d): "
                            + "base %.1f%% of the oracle, change %.1f%%; difference %+.1f ± %.1f per 1,000 checkouts (t %+.1f)",
                    market, seeds, baseRuns, changeRuns, 100 * baseShare, 100 * changeShare, meanDifference, standardError,
                    standardError > 0 ? meanDifference / standardError : 0);
        }
    }

    public static void main(String[] args) {
        List<Path> base = new ArrayList<>();
        List<Path> change = new ArrayList<>();
        List<Path> into = null;
        for (String a : args) {
            switch (a) {
                case "--base" -> into = base;
                case "--change" -> into = change;
                default -> {
                    if (into == null) {
                        throw new IllegalArgumentException("usage: PairedRuns --base FILE... --change FILE...");
                    }
                    into.add(Path.of(a));
                }
            }
        }
        if (base.isEmpty() || change.isEmpty()) {
            throw new IllegalArgumentException("usage: PairedRuns --base FILE... --change FILE...");
        }
        Map<World, Figures> b = read(base);
        Map<World, Figures> c = read(change);
        List<Comparison> byRun = compare(b, c);
        List<SeedComparison> bySeed = compareBySeed(b, c);
        for (int i = 0; i < byRun.size(); i++) {
            System.out.println(byRun.get(i).line());
            System.out.println(bySeed.get(i).line());
        }
    }

    static Map<World, Figures> read(List<Path> files) {
        Map<World, Figures> all = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                Map<World, Figures> one = parse(Files.readAllLines(f));
                if (one.isEmpty()) {
                    throw new IllegalArgumentException(f + ": no per-seed lines of OfflineLoop output");
                }
                all.putAll(one);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    /** The per-seed figures of one OfflineLoop output; its header says the exploration run and the world's size. */
    static Map<World, Figures> parse(List<String> lines) {
        Map<World, Figures> out = new LinkedHashMap<>();
        Integer days = null;
        int shoppers = 0;
        int run = 0;
        for (String line : lines) {
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                days = Integer.parseInt(h.group(1));
                shoppers = Integer.parseInt(h.group(2));
                run = h.group(3) == null ? 0 : Integer.parseInt(h.group(3));
                continue;
            }
            Matcher s = SEED.matcher(line);
            if (s.matches()) {
                if (days == null) {
                    throw new IllegalArgumentException("a per-seed line before the 'offline loop:' header: " + line);
                }
                out.put(new World(s.group(1), Integer.parseInt(s.group(2)), run, shoppers, days),
                        new Figures(Double.parseDouble(s.group(3)), Double.parseDouble(s.group(4))));
            }
        }
        return out;
    }

    /** The markets of both sides, in the order first seen. */
    private static Set<String> markets(Map<World, Figures> base, Map<World, Figures> change) {
        Set<String> markets = new LinkedHashSet<>();
        base.keySet().forEach(w -> markets.add(w.market()));
        change.keySet().forEach(w -> markets.add(w.market()));
        return markets;
    }

    /** Per market ({@link #markets} order), the seeds both sides have, each side's runs of a seed averaged. */
    static List<SeedComparison> compareBySeed(Map<World, Figures> base, Map<World, Figures> change) {
        List<SeedComparison> out = new ArrayList<>();
        for (String market : markets(base, change)) {
            Map<Seed, double[]> b = runMeans(base, market);
            Map<Seed, double[]> c = runMeans(change, market);
            List<Seed> both = b.keySet().stream().filter(c::containsKey).toList();
            double[] d = new double[both.size()];
            double baseSum = 0;
            double changeSum = 0;
            double oracleSum = 0;
            int baseRuns = 0;
            int changeRuns = 0;
            for (int i = 0; i < d.length; i++) {
                double[] bs = b.get(both.get(i));
                double[] cs = c.get(both.get(i));
                d[i] = cs[0] - bs[0];
                baseSum += bs[0];
                changeSum += cs[0];
                oracleSum += cs[1];
                baseRuns += (int) bs[2];
                changeRuns += (int) cs[2];
            }
            out.add(d.length == 0 ? new SeedComparison(market, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                    : new SeedComparison(market, d.length, baseRuns, changeRuns, baseSum / oracleSum, changeSum / oracleSum,
                    Stats.mean(d), Stats.standardError(d)));
        }
        return out;
    }

    /** Per seed of the market: {mean learned over its runs, mean oracle, runs}. */
    private static Map<Seed, double[]> runMeans(Map<World, Figures> runs, String market) {
        Map<Seed, double[]> sums = new LinkedHashMap<>();
        runs.forEach((w, f) -> {
            if (w.market().equals(market)) {
                double[] acc = sums.computeIfAbsent(Seed.of(w), k -> new double[3]);
                acc[0] += f.learned();
                acc[1] += f.oracle();
                acc[2]++;
            }
        });
        sums.values().forEach(acc -> {
            acc[0] /= acc[2];
            acc[1] /= acc[2];
        });
        return sums;
    }

    /** Per market ({@link #markets} order), the runs both sides have, paired. */
    static List<Comparison> compare(Map<World, Figures> base, Map<World, Figures> change) {
        List<Comparison> out = new ArrayList<>();
        for (String market : markets(base, change)) {
            List<World> paired = base.keySet().stream().filter(w -> w.market().equals(market) && change.containsKey(w))
                    .toList();
            long runs = Stream.concat(base.keySet().stream(), change.keySet().stream())
                    .filter(w -> w.market().equals(market)).count();
            int unpaired = (int) (runs - 2L * paired.size());
            if (paired.isEmpty()) {
                out.add(new Comparison(market, 0, unpaired, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Map.of(), 0, Double.NaN));
                continue;
            }
            double[] d = new double[paired.size()];
            double baseSum = 0;
            double changeSum = 0;
            double oracleSum = 0;
            long beats = 0;
            double min = Double.POSITIVE_INFINITY;
            Map<Integer, double[]> byRun = new TreeMap<>();
            for (int i = 0; i < d.length; i++) {
                World w = paired.get(i);
                Figures b = base.get(w);
                Figures c = change.get(w);
                d[i] = c.learned() - b.learned();
                baseSum += b.learned();
                changeSum += c.learned();
                oracleSum += c.oracle();
                beats += c.learned() > 0 ? 1 : 0;
                min = Math.min(min, c.learned());
                double[] acc = byRun.computeIfAbsent(w.explorationRun(), k -> new double[2]);
                acc[0] += d[i];
                acc[1]++;
            }
            Map<Integer, Double> meanByRun = new TreeMap<>();
            byRun.forEach((run, acc) -> meanByRun.put(run, acc[0] / acc[1]));
            out.add(new Comparison(market, d.length, unpaired, baseSum / oracleSum, changeSum / oracleSum, Stats.mean(d),
                    Stats.standardError(d), meanByRun, beats, min));
        }
        return out;
    }
}
