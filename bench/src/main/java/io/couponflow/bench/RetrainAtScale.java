package io.couponflow.bench;

import io.couponflow.core.Fakes;
import io.couponflow.core.decision.DecisionLog;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.decision.UserHash;
import io.couponflow.core.learn.RetrainJob;
import io.couponflow.core.learn.RetrainSummary;
import io.couponflow.core.policy.Candidate;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.TableDefinitions;
import io.couponflow.dynamodb.TableNames;
import io.couponflow.testing.Dynalite;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The nightly retrain at a multiple of today's decision volume: RetrainJob with its default settings
 * (maxDecisions 200,000, 14 days back) over a simulated decision log of {@code multiple × 240,000}
 * decisions (today's volume, README "Scale") spread over the lookback, four per shopper. The log makes
 * each shopper's decisions from a seed when asked for, so 24 million decisions need no storage.
 *
 * <p>Per multiple, two runs of the same job at the same night (so the same sample of shoppers):
 * <ol>
 *   <li>from memory: the read (UserSample over the simulated log) and training, timed;</li>
 *   <li>from dynalite: every decision the first run read is written to a fresh dynalite through the
 *       real adapter ({@code DynamoDecisionLog}, with its sharded {@code byDay} index), then the job reads
 *       them back through the index's Query pages and trains again; what is timed is its read from the
 *       database, its training and the whole run, against the template's 540 s budget.</li>
 * </ol>
 * dynalite holds only the decisions the sample reads (about 200,000 of about 1.5 KB, twice with the
 * index), not the 2.4 or 24 million of the log, which its in-memory store could not hold on this machine:
 * the sample's Queries are bounded by key ranges of the index, so decisions outside those ranges would
 * add no page to them. Loading is not timed.
 * Usage: RetrainAtScale [multiples=10,100] [today=240000] [--memory-only]
 */
public final class RetrainAtScale {
    private static final int DECISIONS_PER_SHOPPER = 4;
    private static final int DAYS = 15;   // the lookback and today
    private static final Instant NOW = Instant.parse("2026-11-20T03:00:00Z");
    private static final Duration BUDGET = Duration.ofSeconds(540);

    public static void main(String[] args) throws Exception {
        int[] multiples = Arrays.stream((args.length > 0 ? args[0] : "10,100").split(",")).mapToInt(Integer::parseInt).toArray();
        int today = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 240_000;
        boolean memoryOnly = List.of(args).contains("--memory-only");
        for (int m : multiples) {
            long total = (long) m * today;
            long t0 = System.nanoTime();
            SimulatedLog log = new SimulatedLog((int) (total / DECISIONS_PER_SHOPPER));
            System.out.printf("%d× today: %,d decisions of %,d shoppers in the log (made in %.1f s, not timed below)%n",
                    m, total, log.shoppers(), (System.nanoTime() - t0) / 1e9);
            RecordingLog recorded = new RecordingLog(log);
            RetrainSummary s = run(recorded);
            print(m + "× today, read from memory", s);
            if (!memoryOnly) {
                fromDynalite(m, recorded.read);
            }
        }
    }

    private static RetrainSummary run(DecisionLog log) {
        return new RetrainJob(log, new Fakes.Policies(), RetrainJob.Settings.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC), x -> "{}").run(BUDGET);
    }

    private static void print(String what, RetrainSummary s) {
        RetrainSummary.Data d = s.data();
        System.out.printf("%s: read %,d decisions (sample %,d, rate %.4f, cap %,d) in %.1f s; %,d transitions learnt in %.1f s;"
                        + " whole run %.1f s of the %d s budget; outcome %s%s%n",
                what, d.decisionsRead(), d.decisionsSampled(), d.samplingRate(), d.maxDecisions(), d.readMillis() / 1e3,
                d.transitions(), s.learnMillis() / 1e3, s.runMillis() / 1e3, BUDGET.toSeconds(), s.outcome(),
                s.refit() == null ? "" : String.format("; refit %s (%,d transitions in %.1f s, expected %.1f s)",
                        s.refit().outcome(), s.refit().transitions(), s.refit().millis() / 1e3, s.refit().expectedMillis() / 1e3));
    }

    /** Writes the decisions the sample read into a fresh dynalite, then runs the same night reading them from it. */
    private static void fromDynalite(int multiple, Collection<DecisionRecord> decisions) throws Exception {
        try (Dynalite dynalite = Dynalite.inMemory(); DynamoDbClient client = dynalite.client(Duration.ofSeconds(120))) {
            TableNames tables = TableNames.withPrefix("scale-");
            TableDefinitions.createAll(client, tables);
            DynamoDecisionLog log = new DynamoDecisionLog(client, tables.decisions(), Duration.ofDays(180));
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> writes = new ArrayList<>();
            List<DecisionRecord> all = new ArrayList<>(decisions);
            int per = (all.size() + 7) / 8;
            for (int w = 0; w < 8; w++) {
                List<DecisionRecord> part = all.subList(Math.min(all.size(), w * per), Math.min(all.size(), (w + 1) * per));
                writes.add(pool.submit(() -> part.forEach(log::record)));
            }
            for (Future<?> f : writes) {
                f.get();
            }
            pool.shutdown();
            System.out.printf("%d× today: %,d decisions written to dynalite in %.1f s (not timed below)%n", multiple,
                    all.size(), (System.nanoTime() - t0) / 1e9);
            print(multiple + "× today, read from dynalite", run(log));
        }
    }

    /** The simulated log, remembering every decision a run reads, once each. */
    static final class RecordingLog implements DecisionLog {
        private final DecisionLog inner;
        final Map<String, DecisionRecord> readById = new LinkedHashMap<>();
        final Collection<DecisionRecord> read = readById.values();

        RecordingLog(DecisionLog inner) {
            this.inner = inner;
        }

        @Override
        public List<DecisionRecord> byDay(String day, long fromHash, long toHash) {
            List<DecisionRecord> out = inner.byDay(day, fromHash, toHash);
            for (DecisionRecord d : out) {
                readById.put(d.decisionId(), d);
            }
            return out;
        }

        @Override
        public void record(DecisionRecord decision) {
            inner.record(decision);
        }

        @Override
        public List<DecisionRecord> since(String userId, long sinceTs) {
            return inner.since(userId, sinceTs);
        }

        @Override
        public boolean attribute(DecisionRecord decision, DecisionRecord.Reward reward) {
            return inner.attribute(decision, reward);
        }

        @Override
        public int deleteUser(String userId) {
            return inner.deleteUser(userId);
        }
    }

    /**
     * {@code shoppers} users s0, s1, … sorted by their hash; each has DECISIONS_PER_SHOPPER decisions on
     * days and at times drawn from a seed of the user's index, with states, candidates and outcomes
     * shaped as in production (state 47 wide, "none" and four coupons, uniform propensities).
     */
    static final class SimulatedLog implements DecisionLog {
        private final long[] hashes;
        private final int[] index;

        SimulatedLog(int shoppers) {
            long[] packed = new long[shoppers];
            for (int i = 0; i < shoppers; i++) {
                packed[i] = (UserHash.of("s" + i) << 31) | i;   // hash in the high bits, index below
            }
            Arrays.parallelSort(packed);
            hashes = new long[shoppers];
            index = new int[shoppers];
            for (int i = 0; i < shoppers; i++) {
                hashes[i] = packed[i] >>> 31;
                index[i] = (int) (packed[i] & 0x7fffffffL);
            }
        }

        int shoppers() {
            return hashes.length;
        }

        @Override
        public List<DecisionRecord> byDay(String day, long fromHash, long toHash) {
            int dayIndex = (int) (LocalDate.parse(day).toEpochDay() - LocalDate.ofInstant(NOW, ZoneOffset.UTC).toEpochDay()) + DAYS - 1;
            List<DecisionRecord> out = new ArrayList<>();
            if (dayIndex < 0 || dayIndex >= DAYS) {
                return out;
            }
            int from = lowerBound(fromHash);
            int to = lowerBound(toHash);
            for (int k = from; k < to; k++) {
                int user = index[k];
                SplittableRandom rnd = new SplittableRandom(user * 0x9E3779B97F4A7C15L);
                for (int j = 0; j < DECISIONS_PER_SHOPPER; j++) {
                    int d = rnd.nextInt(DAYS);
                    long ts = rnd.nextLong(86_400_000L);
                    if (d == dayIndex) {
                        out.add(decision(user, j, dayStart(day) + ts, new SplittableRandom(user * 31L + j)));
                    }
                }
            }
            return out;
        }

        private int lowerBound(long hash) {
            int i = Arrays.binarySearch(hashes, hash);
            if (i < 0) {
                return -i - 1;
            }
            while (i > 0 && hashes[i - 1] == hash) {
                i--;
            }
            return i;
        }

        private static long dayStart(String day) {
            return LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }

        private static DecisionRecord decision(int user, int j, long ts, SplittableRandom rnd) {
            double[] state = gaussian(rnd, PolicyFeatures.stateDim(32));
            state[state.length - 1] = 1;
            List<Candidate> candidates = new ArrayList<>();
            candidates.add(new Candidate(DecisionRecord.NONE, PolicyFeatures.none(), 0));
            for (int c = 0; c < 4; c++) {
                candidates.add(new Candidate("C" + c, gaussian(rnd, PolicyFeatures.ACTION_DIM), 1 + c));
            }
            int chosen = rnd.nextInt(candidates.size());
            double[] probabilities = new double[candidates.size()];
            Arrays.fill(probabilities, 1.0 / candidates.size());
            double cart = 20 + rnd.nextDouble() * 80;
            boolean bought = rnd.nextDouble() < 0.3;
            double reward = bought ? 0.3 * cart - candidates.get(chosen).cost() : 0;
            return new DecisionRecord("d" + user + "-" + j, "s" + user, ts, "enc", DecisionMaker.COLD_START_POLICY, state, cart,
                    candidates, candidates.get(chosen).actionId(), 1.0 / candidates.size(), probabilities, 1.0, 0, List.of(),
                    new DecisionRecord.Reward(reward, bought ? cart : 0, ts + 1, bought ? "p" + user + "-" + j : "window-closed"));
        }

        private static double[] gaussian(SplittableRandom rnd, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rnd.nextGaussian();
            }
            return v;
        }

        @Override
        public void record(DecisionRecord decision) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public List<DecisionRecord> since(String userId, long sinceTs) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public boolean attribute(DecisionRecord decision, DecisionRecord.Reward reward) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public int deleteUser(String userId) {
            throw new UnsupportedOperationException("read only");
        }
    }
}
