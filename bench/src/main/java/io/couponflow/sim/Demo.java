package io.couponflow.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.local.LocalStack;
import io.couponflow.local.VirtualClock;
import io.couponflow.testing.RepoRoot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The main job: the local stack (dynalite + the three functions behind the HTTP API on 127.0.0.1),
 * driven by simulated shoppers for N days through the real API: sessions into ingest, decisions from
 * score, purchases back as events, a retrain each night. Prints a table per day and writes an HTML
 * report with plots. {@code serve} instead only runs the local stack.
 *
 * <pre>Demo [--days 14] [--shoppers 1500] [--seed 7] [--market balanced|price-sensitive|loyal|habit-forming]
 *      [--market-file PATH] [--live-share S] [--port 3000] [--threads 1] [--concurrency 2] [--out bench/target/demo-report]
 *      [--dump PATH]</pre>
 * The stack runs on simulated time, as the offline loop does: a virtual clock ({@link VirtualClock})
 * that the functions read as their clock, moved by the demo exactly as {@link LoopRun} moves its
 * clock (each day's sessions end at the day's start, a checkout a simulated second after the one
 * before, the night at the day's end), and the same attribution window as the loop. One thread sends
 * the checkouts in the simulator's order, so two runs of one seed give one table (and the same stored
 * data: {@code --dump PATH} writes it for a diff); more threads are faster and still correct, but the
 * order of the day's checkouts, and so the table, then depends on timing.
 *
 * <p>{@code --live-share S} runs an A/B: every decision request carries the shop's baseline (the
 * propensity targeter's choice), the score function serves a share S of the shoppers
 * ({@code COUPONFLOW_SCORE_LIVE_SHARE}, unless the shell sets it) and the others the baseline; after
 * the last night the demo prints the A/B report ({@code GET /v1/report}) beside the simulator's truth
 * for the same checkouts. The per-day table is then over the checkouts couponflow served.
 */
public final class Demo {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            LocalStack.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int days = 14;
        int shoppers = 1500;
        long seed = 7;
        String marketName = "balanced";
        int port = 3000;
        int threads = 1;
        Path marketFile = null;
        int concurrency = 2;
        Path out = RepoRoot.find().resolve("bench/target/demo-report");
        Double liveShare = null;
        Path dump = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--shoppers" -> shoppers = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--market" -> marketName = args[++i];
                case "--market-file" -> marketFile = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--live-share" -> liveShare = Double.parseDouble(args[++i]);
                case "--dump" -> dump = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Market market = marketFile == null ? Market.named(marketName, shoppers) : MarketFile.read(marketFile, shoppers);
        if (liveShare != null && !(liveShare >= 0 && liveShare <= 1)) {
            throw new IllegalArgumentException("--live-share must be in [0, 1], got " + liveShare);
        }
        Run run = run(new Simulator(market, seed), days, port, threads, concurrency, liveShare, dump);
        Report.write(out, market, seed, run.days(), run.ab());
        System.out.println("report: " + out.resolve("index.html"));
    }

    /** The days' results, and with --live-share the A/B table printed at the end (else null). */
    record Run(List<DayResult> days, String ab) {
    }

    static Run run(Simulator sim, int days, int port, int threads, int concurrency, Double liveShare, Path dump)
            throws Exception {
        Market market = sim.market();
        // The simulated shop's own encoder (model/simulated: trained by model/train.py on ExportEvents
        // output), and a contextual bandit (gamma 0): simulated coupons do not change later visits.
        // Every other setting is the functions' default, and the attribution window is the offline
        // loop's, so the demo learns what the loop learns. The exploration is seeded and the clock is
        // simulated, so that two runs of one seed give one table.
        VirtualClock clock = VirtualClock.startAt(RepoRoot.find().resolve("bench/target/local-stack"),
                Instant.ofEpochMilli(LoopRun.START));
        Map<String, String> env = new HashMap<>(Map.of(
                "COUPONFLOW_SCORE_MODEL_PATH", RepoRoot.find().resolve("model/simulated/encoder.onnx").toString(),
                "COUPONFLOW_ATTRIBUTION_WINDOW", OfflineLoop.LOOP_ATTRIBUTION_WINDOW.toString(),
                "COUPONFLOW_INGEST_MARGIN_RATE", Double.toString(market.marginRate()),
                "COUPONFLOW_SCORE_EXPLORATION_SEED", Long.toString(sim.seed()),
                "COUPONFLOW_SCORE_CACHE_TTL", "PT1S"));
        if (liveShare != null) {
            env.put("COUPONFLOW_SCORE_LIVE_SHARE", Double.toString(liveShare));   // the shell's own value wins (LocalStack)
        }
        AbTally ab = liveShare == null ? null : new AbTally();
        JsonNode lastReport = null;
        env.putAll(clock.environment());
        long t0 = System.nanoTime();
        System.out.printf("couponflow demo: market %s, %d shoppers, %d days, seed %d%s; starting the local stack...%n",
                market.name(), market.shoppers(), days, sim.seed(),
                liveShare == null ? "" : String.format(", A/B with live share %s", liveShare));
        List<DayResult> results = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(port, concurrency, null, env))) {
            System.out.printf("local stack up in %.0f s: API on %s%n", (System.nanoTime() - t0) / 1e9, stack.baseUrl());
            Api api = new Api(stack.baseUrl());
            for (Market.SimCoupon c : market.coupons()) {
                api.send("PUT", "/v1/coupons/" + c.id(), Map.of("kind", c.kind(), "value", c.value(), "minSpend", c.minSpend(),
                        "dailyBudget", 100_000));
            }
            Baselines baselines = new Baselines(market, sim.day(0, LoopRun.START));
            System.out.printf("best single coupon for everyone (by true mean uplift): %s%n", baselines.best().id());
            System.out.printf("%4s %6s | %-26s | %9s %9s %9s %9s %9s %9s | %6s %7s | %s%n", "day", "visits", "serving policy",
                    "learned", "none", "random", "best-all", "propens.", "oracle", "explor", "spend", "night retrain");
            double nextOpe = Double.NaN;
            for (int d = 1; d <= days; d++) {
                long dayStart = LoopRun.START + d * LoopRun.DAY;
                List<Simulator.Visit> visits = sim.day(d, dayStart);
                DayResult r = new DayResult(d, visits.size());
                r.opeEstimate = nextOpe;
                for (String p : List.of(Baselines.LEARNED, Baselines.NONE, Baselines.RANDOM, Baselines.BEST,
                        Baselines.PROPENSITY, Baselines.ORACLE)) {
                    r.incrementalProfit.put(p, 0.0);
                    r.conversions.put(p, 0.0);
                }
                runDay(sim, api, baselines, visits, r, threads, ab, clock);
                clock.set(Instant.ofEpochMilli(dayStart + LoopRun.DAY - 1_000));   // night: every decision's window has closed
                JsonNode summary = JSON.readTree(stack.invoke("retrain", scheduledEvent(clock.instant()), Duration.ofMinutes(5)))
                        .get("summary");
                r.retrainOutcome = summary.get("outcome").asText();
                JsonNode dr = summary.path("candidateEstimates").path("dr");
                JsonNode activeDr = summary.path("activeEstimates").path("dr");
                nextOpe = r.retrainOutcome.equals("PROMOTED") ? dr.path("value").asDouble(Double.NaN)
                        : activeDr.path("value").asDouble(nextOpe);
                results.add(r);
                if (ab != null) {
                    lastReport = api.send("GET", "/v1/report", null);
                }
                System.out.printf("%4d %6d | %-26s | %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f | %5.0f%% %7.0f | %s%s%n", d, r.visits,
                        r.policyVersion, r.perThousand(Baselines.LEARNED), r.perThousand(Baselines.NONE),
                        r.perThousand(Baselines.RANDOM), r.perThousand(Baselines.BEST), r.perThousand(Baselines.PROPENSITY),
                        r.perThousand(Baselines.ORACLE), 100 * r.explorationRate(), r.couponSpend, r.retrainOutcome,
                        dr.isMissingNode() ? "" : String.format(" (DR %.2f vs serving %.2f)", dr.path("value").asDouble(),
                                activeDr.path("value").asDouble()));
            }
            if (dump != null) {
                StoredTables.write(stack.dynamo(), stack.tables(), dump);
                System.out.println("stored tables: " + dump);
            }
        }
        System.out.printf("(incremental expected profit per 1,000 checkouts%s; %.0f s in all)%n",
                ab == null ? "" : " couponflow served, the others served the baseline", (System.nanoTime() - t0) / 1e9);
        String abTable = null;
        if (ab != null && lastReport != null) {
            abTable = ab.table(lastReport, liveShare);
            System.out.println();
            System.out.print(abTable);
        }
        return new Run(results, abTable);
    }

    private static void runDay(Simulator sim, Api api, Baselines baselines, List<Simulator.Visit> visits, DayResult r,
                               int threads, AbTally ab, VirtualClock clock) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        Map<String, Integer> versions = new HashMap<>();
        List<Future<?>> fs = new ArrayList<>();
        for (Simulator.Visit v : visits) {
            fs.add(pool.submit(() -> {
                visit(sim, api, baselines, v, r, versions, ab, clock);
                int n = done.incrementAndGet();
                if (n % 50 == 0 || n == visits.size()) {
                    System.err.printf("\r  day %d: %d/%d checkouts", r.day, n, visits.size());
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        System.err.print("\r" + " ".repeat(40) + "\r");
        r.policyVersion = versions.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("-");
    }

    /** One checkout, timed as the offline loop times it: decided a second after its session, bought a second later. */
    private static void visit(Simulator sim, Api api, Baselines baselines, Simulator.Visit v, DayResult r,
                              Map<String, Integer> versions, AbTally ab, VirtualClock clock) throws Exception {
        Market market = sim.market();
        long sessionEnd = v.session().stream().mapToLong(e -> ((Number) e.get("ts")).longValue()).max().orElse(clock.millis());
        clock.advanceTo(sessionEnd + 1_000);
        api.send("POST", "/v1/events", Map.of("events", v.session()));
        Map<String, Object> request = new HashMap<>(Map.of("userId", v.shopper().id(),
                "context", Map.of("channel", v.channel(), "cartValue", v.basket())));
        Market.SimCoupon rule = ab == null ? null : baselines.propensityChoice(v);
        if (ab != null) {
            Map<String, Object> baseline = new HashMap<>();
            baseline.put("couponId", rule == null ? null : rule.id());   // {"couponId": null}: the shop gives none
            request.put("baseline", baseline);
        }
        JsonNode decision = api.send("POST", "/v1/decisions", request);
        boolean baselineServed = "baseline".equals(decision.path("policyVersion").asText());
        String couponId = decision.path("coupon").isObject() ? decision.path("coupon").path("couponId").asText() : null;
        Market.SimCoupon coupon = market.coupon(couponId);
        double p = v.buyProbability(coupon, market);
        boolean bought = v.draw() < p;
        clock.advance(Duration.ofSeconds(1));
        List<Map<String, Object>> outcome = sim.outcome(v, couponId, decision.path("decisionId").asText(), bought,
                clock.millis());
        if (!outcome.isEmpty()) {
            api.send("POST", "/v1/events", Map.of("events", outcome));
        }
        if (ab != null) {
            ab.add(baselineServed, v, coupon, rule, bought, market);
        }
        Map<String, double[]> base = baselines.evaluate(v);
        synchronized (r) {
            if (baselineServed) {   // the per-policy table is over the checkouts couponflow served
                r.baselineServed++;
                return;
            }
            r.incrementalProfit.merge(Baselines.LEARNED, v.upliftOf(coupon, market), Double::sum);
            r.conversions.merge(Baselines.LEARNED, p, Double::sum);
            base.forEach((name, o) -> {
                r.incrementalProfit.merge(name, o[0], Double::sum);
                r.conversions.merge(name, o[1], Double::sum);
            });
            if (bought) {
                r.realisedConversions++;
                r.realisedProfit += market.marginRate() * v.basket() - (coupon == null ? 0 : coupon.cost(v.basket()));
                if (coupon != null) {
                    r.couponSpend += coupon.cost(v.basket());
                }
            }
            if (coupon != null) {
                r.couponsIssued++;
            }
            for (JsonNode reason : decision.path("reasons")) {
                if (reason.asText().equals("EXPLORED") || reason.asText().equals("COLD_START")) {
                    r.explored++;
                    break;
                }
            }
            versions.merge(decision.path("policyVersion").asText(), 1, Integer::sum);
        }
    }

    private static String scheduledEvent(Instant now) {
        return "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\""
                + now + "\",\"detail\":{}}";
    }

    /** A tiny JSON-over-HTTP client of the local API. */
    static final class Api {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;

        Api(String base) {
            this.base = base;
        }

        JsonNode send(String method, String path, Object body) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        }
    }
}
