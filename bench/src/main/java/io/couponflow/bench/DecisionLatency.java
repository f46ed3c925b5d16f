package io.couponflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;
import io.couponflow.core.features.FeatureEncoder;
import io.couponflow.core.features.SequenceEncoder;
import io.couponflow.core.policy.DecisionContext;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.Candidate;
import io.couponflow.core.learn.PolicyLearner;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.QHead;
import io.couponflow.dynamodb.Attr;
import io.couponflow.local.LocalStack;
import io.couponflow.onnx.FeatureSpecs;
import io.couponflow.onnx.OnnxSequenceEncoder;
import io.couponflow.testing.RepoRoot;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decision latency: (1) encoder + policy at batch 1 in-process (DJL / ONNX Runtime, one thread);
 * (2) POST /v1/decisions end to end through the local stack (gateway, Lambda Runtime API, handler,
 * dynalite); (3) dynalite's own GetItem and Query round trips from this JVM, in the same run.
 * Also prints the size of each function's deployment package.
 * Usage: {@code DecisionLatency [n=3000] [--native]}; with {@code --native} only (2) and (3) run, with the
 * functions' native executables in the local stack instead of JVMs (built by infra/local/start.sh --native).
 */
public final class DecisionLatency {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        boolean nativeImages = java.util.Arrays.asList(args).contains("--native");
        List<String> numbers = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        int n = numbers.isEmpty() ? 3_000 : Integer.parseInt(numbers.get(0));
        if (!nativeImages) {
            encoderAndPolicy(n * 5);
        }
        endToEnd(n, nativeImages);
        for (String f : List.of("ingest", "score", "retrain")) {
            Path zip = RepoRoot.find().resolve("functions/" + f + "/target/function.zip");
            if (Files.exists(zip)) {
                System.out.printf("deployment package %-8s %6.1f MiB (%s)%n", f, Files.size(zip) / 1048576.0,
                        RepoRoot.find().relativize(zip));
            }
        }
    }

    static List<List<BehaviourEvent>> histories() throws Exception {
        JsonNode fx = JSON.readTree(Files.readString(RepoRoot.find().resolve("model/fixtures/parity.json")));
        List<List<BehaviourEvent>> out = new ArrayList<>();
        for (JsonNode c : fx.get("cases")) {
            List<BehaviourEvent> h = new ArrayList<>();
            for (JsonNode e : c.get("events")) {
                h.add(new BehaviourEvent(e.get("eventId").asText(), e.get("userId").asText(),
                        EventType.fromWire(e.get("type").asText()).orElseThrow(), e.get("ts").asLong(), null,
                        e.hasNonNull("category") ? e.get("category").asText() : null, null, null, null, null, null, null));
            }
            out.add(h);
        }
        return out;
    }

    static void encoderAndPolicy(int n) throws Exception {
        List<List<BehaviourEvent>> hs = histories();
        FeatureEncoder fe = new FeatureEncoder(FeatureSpecs.fromClasspath(JSON));
        SplittableRandom rnd = new SplittableRandom(1);
        int sd = PolicyFeatures.stateDim(32);
        double[] w = new double[PolicyFeatures.ACTION_DIM * sd];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextGaussian() * 0.1;
        }
        QHead head = new QHead(PolicyFeatures.ACTION_DIM, sd, w);
        // as served: the posterior mean and the default number of posterior draws, Thompson sampling, and the
        // early coupon spread (a young shop's policy; the costlier case by one pass over the actions)
        PolicyLearner.Settings served = PolicyLearner.Settings.defaults();
        List<QHead> members = new ArrayList<>();
        for (int m = 0; m < served.posteriorDraws(); m++) {
            double[] wm = w.clone();
            for (int i = 0; i < wm.length; i++) {
                wm[i] += rnd.nextGaussian() * 0.02;
            }
            members.add(new QHead(PolicyFeatures.ACTION_DIM, sd, wm));
        }
        Policy policy = new Policy(head, members, null, 0.3, 0, served.epsilon(), served.exploration(),
                served.early().couponSpread());
        DecisionContext ctx = new DecisionContext("web", 60, null);
        List<Coupon> coupons = List.of(new Coupon("F5", CouponKind.FIXED, 5, 0, null, null, null, null, null, true),
                new Coupon("P10", CouponKind.PERCENT, 10, 20, null, null, null, null, null, true),
                new Coupon("SHIP", CouponKind.FREE_SHIPPING, 4.9, 0, null, null, null, null, null, true),
                new Coupon("F15", CouponKind.FIXED, 15, 80, null, null, null, null, null, true));
        try (OnnxSequenceEncoder enc = OnnxSequenceEncoder.load(OnnxSequenceEncoder.shippedModel(), fe)) {
            long[] encodeOnly = new long[n];
            long[] full = new long[n];
            double sink = 0;
            for (int i = -2_000; i < n; i++) {
                List<BehaviourEvent> h = hs.get(Math.floorMod(i, hs.size()));
                long t0 = System.nanoTime();
                SequenceEncoder.Encoding e = enc.encode(h);
                long t1 = System.nanoTime();
                double[] z = PolicyFeatures.state(e.state(), e.purchaseProb(), ctx, h);
                List<Candidate> cs = new ArrayList<>(coupons.size() + 1);
                cs.add(new Candidate("none", PolicyFeatures.none(), 0));
                for (Coupon c : coupons) {
                    cs.add(new Candidate(c.couponId(), PolicyFeatures.coupon(c, ctx, null), PolicyFeatures.expectedCost(c, ctx)));
                }
                sink += policy.distribution(cs, z, ctx.cartValue(), new double[cs.size()]).draw(rnd);
                long t2 = System.nanoTime();
                if (i >= 0) {
                    encodeOnly[i] = t1 - t0;
                    full[i] = t2 - t0;
                }
            }
            System.out.println(Stats.latency("encoder (DJL/ONNX Runtime, batch 1)", encodeOnly));
            System.out.println(Stats.latency("encoder + policy (5 actions, 1 + " + members.size() + " heads, batch 1)", full));
            if (sink < 0) {
                System.out.println(sink);
            }
        }
    }

    static void endToEnd(int n, boolean nativeImages) throws Exception {
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(0, 1, null, Map.of(), nativeImages))) {
            HttpClient http = HttpClient.newHttpClient();
            // with a daily budget and a per-user cap, as a shop runs them: a decision that issues one takes both
            String limits = ",\"dailyBudget\":1000000,\"perUserCap\":1000}";
            for (String c : List.of("{\"kind\":\"fixed\",\"value\":5", "{\"kind\":\"percent\",\"value\":10,\"minSpend\":20",
                    "{\"kind\":\"free_shipping\",\"value\":4.9")) {
                String id = "C" + Math.abs(c.hashCode() % 1000);
                send(http, stack, "PUT", "/v1/coupons/" + id, c + limits);
            }
            long now = Instant.now().toEpochMilli();
            for (int u = 0; u < 50; u++) {
                StringBuilder b = new StringBuilder("{\"events\":[");
                for (int k = 0; k < 20; k++) {
                    b.append(k == 0 ? "" : ",").append(String.format(
                            "{\"eventId\":\"b-%d-%d\",\"userId\":\"bench-%d\",\"type\":\"view\",\"ts\":%d,\"category\":\"c%d\",\"price\":%d}",
                            u, k, u, now - (20 - k) * 30_000L, k % 5, 10 + k));
                }
                send(http, stack, "POST", "/v1/events", b.append("]}").toString());
            }
            long[] decide = new long[n];
            int issued = 0;
            for (int i = -300; i < n; i++) {
                String body = "{\"userId\":\"bench-" + Math.floorMod(i, 50) + "\",\"context\":{\"channel\":\"web\",\"cartValue\":60}}";
                long t0 = System.nanoTime();
                HttpResponse<String> r = send(http, stack, "POST", "/v1/decisions", body);
                long t = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("decision failed: " + r.body());
                }
                if (i >= 0) {
                    decide[i] = t;
                    issued += JSON.readTree(r.body()).path("coupon").isObject() ? 1 : 0;
                }
            }
            long[] get = new long[n];
            long[] query = new long[n];
            String coupons = stack.tables().coupons();
            String events = stack.tables().events();
            for (int i = -300; i < n; i++) {
                String user = "bench-" + Math.floorMod(i, 50);
                long t0 = System.nanoTime();
                stack.dynamo().getItem(g -> g.tableName(coupons).key(Map.of("couponId", AttributeValue.fromS("C1"))));
                long t1 = System.nanoTime();
                stack.dynamo().query(q -> q.tableName(events).indexName(Attr.EVENTS_BY_TIME_INDEX).keyConditionExpression("userId = :u")
                        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(user))).scanIndexForward(false).limit(20));
                long t2 = System.nanoTime();
                if (i >= 0) {
                    get[i] = t1 - t0;
                    query[i] = t2 - t1;
                }
            }
            System.out.println(Stats.latency("POST /v1/decisions end to end (local stack, "
                    + (nativeImages ? "native executables" : "JVMs") + ")", decide) + "  coupon issued in " + issued);
            System.out.println(Stats.latency("dynalite GetItem round trip", get));
            System.out.println(Stats.latency("dynalite Query (last 20 events) round trip", query));
        }
    }

    private static HttpResponse<String> send(HttpClient http, LocalStack stack, String method, String path, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
