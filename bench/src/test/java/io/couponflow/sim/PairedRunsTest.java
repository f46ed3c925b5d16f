package io.couponflow.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedRunsTest {
    private static final String HEADER = "offline loop: 14 days, 1500 shoppers; cold-start epsilon 0.30; gamma 0.00, "
            + "THOMPSON with 16 draws at scale 0.25, epsilon 0.005, pessimism 0.0; lock-in guard epsilon 0.05 below 3% "
            + "coupons; min held-out 40";

    private static List<String> output(String header, String market, double[][] seedLearnedOracle) {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        lines.add("incremental expected profit per 1,000 checkouts over the last 4 days (learned over all days in brackets)");
        lines.add("  day  1: 227 checkouts, learned   -293, oracle   721 per 1,000; 100% explored");   // --verbose
        for (double[] s : seedLearnedOracle) {
            lines.add(OfflineLoop.seedLine(market, (int) s[0], s[1], s[1] - 100, 0, -1250, -856, -1337, s[2]));
        }
        lines.add(market + "  learned mean    484  min    357  max    591  beats no-coupon in 6/6  74% of the "
                + "oracle's 657  all days 352");
        return lines;
    }

    @Test
    void parse_readsEachSeedWithItsExplorationRunAndWorld() {
        Map<PairedRuns.World, PairedRuns.Figures> run0 = PairedRuns.parse(output(HEADER, "price-sensitive",
                new double[][]{{1, 521, 640}, {2, 357, 600}}));
        assertEquals(2, run0.size());
        assertEquals(new PairedRuns.Figures(357, 600),
                run0.get(new PairedRuns.World("price-sensitive", 2, 0, 1500, 14)));

        Map<PairedRuns.World, PairedRuns.Figures> run3 = PairedRuns.parse(output(
                HEADER + "; every candidate promoted; exploration run 3", "loyal", new double[][]{{9, -21, 330}}));
        assertEquals(new PairedRuns.Figures(-21, 330), run3.get(new PairedRuns.World("loyal", 9, 3, 1500, 14)));
    }

    /** Balanced seeds 1 and 2 of run 0, seed 1 of run 1, and seed 1 of a 750-shopper world. */
    private static Map<PairedRuns.World, PairedRuns.Figures> balancedBase() {
        var base = new LinkedHashMap<PairedRuns.World, PairedRuns.Figures>();
        base.putAll(PairedRuns.parse(output(HEADER, "balanced", new double[][]{{1, 500, 700}, {2, 600, 700}})));
        base.putAll(PairedRuns.parse(output(HEADER + "; exploration run 1", "balanced", new double[][]{{1, 400, 700}})));
        base.putAll(PairedRuns.parse(output(HEADER.replace("1500 shoppers", "750 shoppers"), "balanced",
                new double[][]{{1, 100, 700}})));
        return base;
    }

    /** Balanced seeds 1, 2 and 3 of run 0 and seed 1 of run 1. */
    private static Map<PairedRuns.World, PairedRuns.Figures> balancedChange() {
        var change = new LinkedHashMap<PairedRuns.World, PairedRuns.Figures>();
        change.putAll(PairedRuns.parse(output(HEADER, "balanced", new double[][]{{1, 530, 700}, {2, 590, 700}, {3, 50, 700}})));
        change.putAll(PairedRuns.parse(output(HEADER + "; exploration run 1", "balanced", new double[][]{{1, 460, 700}})));
        return change;
    }

    @Test
    void compare_pairsOnlyRunsOfTheSameWorld_andGivesTheMeanDifferenceWithItsStandardError() {
        Map<PairedRuns.World, PairedRuns.Figures> base = balancedBase();
        Map<PairedRuns.World, PairedRuns.Figures> change = balancedChange();

        List<PairedRuns.Comparison> cs = PairedRuns.compare(base, change);
        assertEquals(1, cs.size());
        PairedRuns.Comparison c = cs.get(0);
        // paired: seeds 1 and 2 of run 0 (+30, -10) and seed 1 of run 1 (+60); seed 3 and the 750-shopper world are not
        assertEquals(3, c.paired());
        assertEquals(2, c.unpaired());
        assertEquals(80.0 / 3, c.meanDifference(), 1e-9);
        double m = 80.0 / 3;
        double sd = Math.sqrt(((30 - m) * (30 - m) + (-10 - m) * (-10 - m) + (60 - m) * (60 - m)) / 2);
        assertEquals(sd / Math.sqrt(3), c.standardError(), 1e-9);
        assertEquals(Map.of(0, 10.0, 1, 60.0), c.meanDifferenceByRun());
        assertEquals(1500.0 / 2100, c.baseShare(), 1e-12);
        assertEquals(1580.0 / 2100, c.changeShare(), 1e-12);
        assertEquals(3, c.changeBeatsNone());
        assertEquals(460, c.changeMin(), 0);
        assertTrue(c.line().startsWith("balanced         3 paired runs (2 unpaired): base 71.4% of the oracle, "
                + "change 75.2%; difference +26.7 ± 20.3 per 1,000 checkouts (t +1.3); by exploration run [0, 1] +10 / +60; "
                + "change beats no coupon in 3/3, min 460"), c.line());
    }

    @Test
    void compareBySeed_averagesEachSidesRunsOfASeed() {
        Map<PairedRuns.World, PairedRuns.Figures> base = balancedBase();
        Map<PairedRuns.World, PairedRuns.Figures> change = balancedChange();

        PairedRuns.SeedComparison c = PairedRuns.compareBySeed(base, change).get(0);
        // seed 1: 495 against 450 (+45); seed 2: 590 against 600 (-10); seed 3 and the 750-shopper seed 1 are one-sided
        assertEquals(2, c.seeds());
        assertEquals(3, c.baseRuns());
        assertEquals(3, c.changeRuns());
        assertEquals(17.5, c.meanDifference(), 1e-9);
        assertEquals(27.5, c.standardError(), 1e-9);   // sd of {+45, -10} is 55/√2, over √2 seeds
        assertEquals(1050.0 / 1400, c.baseShare(), 1e-12);
        assertEquals(1085.0 / 1400, c.changeShare(), 1e-12);
        assertEquals("balanced         by seed, each side's runs averaged: 2 seeds (base 3 runs, change 3): base 75.0% of "
                + "the oracle, change 77.5%; difference +17.5 ± 27.5 per 1,000 checkouts (t +0.6)", c.line());
    }

    /** A change run on run 0 only is weighed against every run of the base, not against its run 0's luck. */
    @Test
    void compareBySeed_weighsAChangeOnFewerRunsAgainstAllOfTheBasesRuns() {
        var base = new LinkedHashMap<PairedRuns.World, PairedRuns.Figures>();
        base.putAll(PairedRuns.parse(output(HEADER, "loyal", new double[][]{{4, 700, 800}})));
        base.putAll(PairedRuns.parse(output(HEADER + "; exploration run 1", "loyal", new double[][]{{4, 500, 800}})));
        base.putAll(PairedRuns.parse(output(HEADER + "; exploration run 2", "loyal", new double[][]{{4, 600, 800}})));
        var change = PairedRuns.parse(output(HEADER, "loyal", new double[][]{{4, 600, 800}}));

        assertEquals(-100, PairedRuns.compare(base, change).get(0).meanDifference(), 1e-9);
        PairedRuns.SeedComparison bySeed = PairedRuns.compareBySeed(base, change).get(0);
        assertEquals(0, bySeed.meanDifference(), 1e-9);
        assertEquals(3, bySeed.baseRuns());
        assertEquals(1, bySeed.changeRuns());
        assertEquals("loyal            by seed: no seed on both sides",
                PairedRuns.compareBySeed(base, PairedRuns.parse(output(HEADER, "loyal", new double[][]{{5, 1, 800}})))
                        .get(0).line());
    }

    @Test
    void read_refusesAFileWithoutPerSeedLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("empty.txt");
        Files.writeString(f, HEADER + "\n");
        var e = assertThrows(IllegalArgumentException.class, () -> PairedRuns.read(List.of(f)));
        assertEquals(f + ": no per-seed lines of OfflineLoop output", e.getMessage());
    }

    /** The real loop's output, two settings on one small world: the reader pairs what the printer wrote. */
    @Test
    void pairsTheOfflineLoopsOwnOutput(@TempDir Path dir) throws Exception {
        String[] world = {"--markets", "balanced", "--seeds", "2", "--days", "2", "--shoppers", "60"};
        Path base = dir.resolve("base.txt");
        Path change = dir.resolve("change.txt");
        Path otherRun = dir.resolve("run1.txt");
        Files.writeString(base, loop(world));
        Files.writeString(change, loop(concat(world, "--draw-scale", "0.5")));
        Files.writeString(otherRun, loop(concat(world, "--exploration-run", "1")));

        PairedRuns.Comparison same = PairedRuns.compare(PairedRuns.read(List.of(base)),
                PairedRuns.read(List.of(change))).get(0);
        assertEquals("balanced", same.market());
        assertEquals(2, same.paired());
        assertEquals(0, same.unpaired());

        PairedRuns.Comparison other = PairedRuns.compare(PairedRuns.read(List.of(base)),
                PairedRuns.read(List.of(otherRun))).get(0);
        assertEquals(0, other.paired());
        assertEquals(4, other.unpaired());
        assertEquals("balanced         no paired runs (4 unpaired)", other.line());

        PairedRuns.Comparison itself = PairedRuns.compare(PairedRuns.read(List.of(base)),
                PairedRuns.read(List.of(base))).get(0);
        assertEquals(0, itself.meanDifference(), 0);
        assertEquals(itself.baseShare(), itself.changeShare(), 0);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String loop(String[] args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            OfflineLoop.main(args);
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
