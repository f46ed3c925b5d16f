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
 * run, and how many runs of the change beat no coupon.
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
        for (Comparison c : compare(read(base), read(change))) {
            System.out.println(c.line());
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

    /** Per market (in the order first seen), the runs both sides have, paired. */
    static List<Comparison> compare(Map<World, Figures> base, Map<World, Figures> change) {
        Set<String> markets = new LinkedHashSet<>();
        base.keySet().forEach(w -> markets.add(w.market()));
        change.keySet().forEach(w -> markets.add(w.market()));
        List<Comparison> out = new ArrayList<>();
        for (String market : markets) {
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
