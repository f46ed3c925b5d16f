package io.couponflow.sim;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The demo's HTML report with PNG plots (XChart), and the summary over the last days. */
final class Report {
    private Report() {
    }

    static final List<String> POLICIES = List.of(Baselines.LEARNED, Baselines.NONE, Baselines.RANDOM, Baselines.BEST,
            Baselines.PROPENSITY, Baselines.ORACLE);

    /** The days the summary averages over: the last third (at least 1, at most 5). */
    static List<DayResult> lastDays(List<DayResult> results) {
        int k = Math.max(1, Math.min(5, results.size() / 3));
        return results.subList(results.size() - k, results.size());
    }

    static double lastDaysPerThousand(List<DayResult> results, String policy) {
        List<DayResult> last = lastDays(results);
        double profit = last.stream().mapToDouble(d -> d.incrementalProfit.getOrDefault(policy, 0.0)).sum();
        int visits = last.stream().mapToInt(DayResult::couponflowVisits).sum();
        return profit * 1000 / Math.max(1, visits);
    }

    /** {@code ab}: the demo's A/B table (--live-share), or null. */
    static void write(Path dir, Market market, long seed, List<DayResult> results, String ab) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        chart(dir, "profit.png", "Incremental profit per 1,000 checkouts", "profit", results,
                POLICIES, (d, p) -> d.perThousand(p));
        chart(dir, "conversions.png", "Expected conversions per 1,000 checkouts", "conversions", results,
                POLICIES, (d, p) -> d.conversionsPerThousand(p));
        chart(dir, "spend.png", "couponflow: coupons issued and coupon spend per day", "count / money", results,
                List.of("coupons issued", "coupon spend (redeemed)"),
                (d, p) -> p.startsWith("coupons") ? d.couponsIssued : d.couponSpend);
        chart(dir, "exploration.png", "couponflow: share of decisions explored", "share", results,
                List.of("exploration rate"), (d, p) -> d.explorationRate());
        chart(dir, "ope.png", "Serving policy: OPE (DR) estimate made the night before vs realised reward per decision",
                "reward per decision", results, List.of("OPE estimate (DR)", "realised"),
                (d, p) -> p.startsWith("OPE") ? d.opeEstimate : d.realisedRewardPerDecision());

        StringBuilder html = new StringBuilder();
        double oracle = lastDaysPerThousand(results, Baselines.ORACLE);
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>couponflow demo</title>")
                .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}td,th{padding:2px 8px;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}table{border-collapse:collapse}tr:nth-child(even){background:#f3f3f3}</style>")
                .append("</head><body><h1>couponflow closed-loop demo</h1>")
                .append(String.format(Locale.ROOT, "<p>Market <b>%s</b>, %d shoppers, seed %d, %d days; margin rate %.2f. "
                        + "Every decision of the learned policy went through the local HTTP API (ingest, score) and the "
                        + "policy was retrained each night by the retrain function. Baselines are evaluated on the same "
                        + "checkouts with the simulator's ground truth.</p>", market.name(), market.shoppers(), seed,
                        results.size(), market.marginRate()));
        html.append("<h2>Summary over the last ").append(lastDays(results).size()).append(" days</h2><table><tr><th>policy</th>")
                .append("<th>incremental profit per 1,000 checkouts</th><th>share of oracle</th></tr>");
        for (String p : POLICIES) {
            double v = lastDaysPerThousand(results, p);
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.1f</td><td>%.0f%%</td></tr>", p, v,
                    oracle == 0 ? 0 : 100 * v / oracle));
        }
        html.append("</table><h2>Per day</h2><table><tr><th>day</th><th>checkouts</th><th>serving policy</th>");
        for (String p : POLICIES) {
            html.append("<th>").append(p).append("</th>");
        }
        html.append("<th>explored</th><th>coupons</th><th>spend</th><th>OPE est.</th><th>realised</th><th>night retrain</th></tr>");
        for (DayResult d : results) {
            html.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%d</td><td>%s</td>", d.day, d.visits, d.policyVersion));
            for (String p : POLICIES) {
                html.append(String.format(Locale.ROOT, "<td>%.1f</td>", d.perThousand(p)));
            }
            html.append(String.format(Locale.ROOT, "<td>%.0f%%</td><td>%d</td><td>%.0f</td><td>%s</td><td>%.2f</td><td>%s</td></tr>",
                    100 * d.explorationRate(), d.couponsIssued, d.couponSpend,
                    Double.isNaN(d.opeEstimate) ? "-" : String.format(Locale.ROOT, "%.2f", d.opeEstimate),
                    d.realisedRewardPerDecision(), d.retrainOutcome));
        }
        html.append("</table>");
        if (ab != null) {
            html.append("<h2>A/B: live vs baseline</h2><pre>").append(ab.replace("&", "&amp;").replace("<", "&lt;"))
                    .append("</pre>");
        }
        for (String png : List.of("profit.png", "conversions.png", "spend.png", "exploration.png", "ope.png")) {
            html.append("<p><img src=\"").append(png).append("\" width=\"900\"></p>");
        }
        html.append("</body></html>\n");
        Files.writeString(dir.resolve("index.html"), html);

        System.out.printf("%nlast %d days, incremental profit per 1,000 checkouts (share of oracle):%n", lastDays(results).size());
        for (String p : POLICIES) {
            double v = lastDaysPerThousand(results, p);
            System.out.printf("  %-22s %8.1f  (%4.0f%%)%n", p, v, oracle == 0 ? 0 : 100 * v / oracle);
        }
    }

    interface Metric {
        double of(DayResult d, String series);
    }

    private static void chart(Path dir, String file, String title, String yLabel, List<DayResult> results,
                              List<String> series, Metric metric) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(420).title(title).xAxisTitle("day").yAxisTitle(yLabel).build();
        chart.getStyler().setMarkerSize(5);
        double[] x = results.stream().mapToDouble(d -> d.day).toArray();
        for (String s : series) {
            double[] y = results.stream().mapToDouble(d -> metric.of(d, s)).toArray();
            boolean any = false;
            for (double v : y) {
                any |= !Double.isNaN(v);
            }
            if (any) {
                XYSeries xy = chart.addSeries(s, x, y);
                xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            }
        }
        BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
