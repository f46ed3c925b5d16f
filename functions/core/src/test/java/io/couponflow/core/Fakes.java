package io.couponflow.core;

import io.couponflow.core.coupon.BudgetCounter;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponCatalog;
import io.couponflow.core.decision.DecisionLog;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventStore;
import io.couponflow.core.features.SequenceEncoder;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory fakes of core's ports, for fast unit tests (the real adapters are tested against dynalite). */
public final class Fakes {
    private Fakes() {
    }

    public static final class Events implements EventStore {
        public final List<BehaviourEvent> all = new ArrayList<>();

        @Override
        public WriteReport writeNew(List<BehaviourEvent> events) {
            all.addAll(events);
            return new WriteReport(events, List.of(), List.of(), null);
        }

        @Override
        public List<BehaviourEvent> latest(String userId, int limit) {
            return all.stream().filter(e -> e.userId().equals(userId))
                    .sorted(Comparator.comparingLong(BehaviourEvent::ts).reversed()).limit(limit).toList();
        }

        @Override
        public int deleteUser(String userId) {
            int before = all.size();
            all.removeIf(e -> e.userId().equals(userId));
            return before - all.size();
        }
    }

    /** Encodes every history to a fixed state; can be told to fail. */
    public static final class Encoder implements SequenceEncoder {
        public boolean broken;
        public final int hidden;

        public Encoder(int hidden) {
            this.hidden = hidden;
        }

        @Override
        public Encoding encode(List<BehaviourEvent> newestFirst) {
            if (broken) {
                throw new IllegalStateException("model file is corrupt");
            }
            return new Encoding(new float[hidden], 0.5, "enc-fake");
        }

        @Override
        public String version() {
            return "enc-fake";
        }
    }

    public static final class Catalog implements CouponCatalog {
        public final Map<String, Coupon> coupons = new LinkedHashMap<>();

        @Override
        public Optional<Coupon> get(String couponId) {
            return Optional.ofNullable(coupons.get(couponId));
        }

        @Override
        public void put(Coupon coupon) {
            coupons.put(coupon.couponId(), coupon);
        }

        @Override
        public List<Coupon> all() {
            return List.copyOf(coupons.values());
        }
    }

    public static final class Budgets implements BudgetCounter {
        /** Units taken by (coupon#period#shard). */
        public final Map<String, Integer> taken = new HashMap<>();
        public final Map<String, Integer> caps = new HashMap<>();
        /** Budget takes fail regardless of the count (a concurrent decision won the last unit). */
        public boolean raceLost;
        /** Budget takes are refused for throughput (a hot key). */
        public boolean throttled;
        /** Reads of used(), to see what a container caches. */
        public int reads;

        public static String key(String couponId, String period, int shard) {
            return couponId + "#" + period + "#" + shard;
        }

        @Override
        public synchronized Take tryTake(String couponId, String period, int shard, int limit) {
            if (throttled) {
                return Take.THROTTLED;
            }
            String k = key(couponId, period, shard);
            if (raceLost || taken.getOrDefault(k, 0) >= limit) {
                return Take.FULL;
            }
            taken.merge(k, 1, Integer::sum);
            return Take.TAKEN;
        }

        @Override
        public synchronized void release(String couponId, String period, int shard) {
            taken.merge(key(couponId, period, shard), -1, Integer::sum);
        }

        @Override
        public synchronized boolean tryTakeUserCap(String couponId, String userId, int cap) {
            String k = couponId + "#" + userId;
            if (caps.getOrDefault(k, 0) >= cap) {
                return false;
            }
            caps.merge(k, 1, Integer::sum);
            return true;
        }

        @Override
        public synchronized void releaseUserCap(String couponId, String userId) {
            caps.merge(couponId + "#" + userId, -1, Integer::sum);
        }

        @Override
        public synchronized Map<String, int[]> used(Map<String, Integer> shardsByCoupon, String period) {
            reads++;
            Map<String, int[]> out = new HashMap<>();
            for (Map.Entry<String, Integer> e : shardsByCoupon.entrySet()) {
                int[] counts = new int[e.getValue()];
                boolean any = false;
                for (int k = 0; k < counts.length; k++) {
                    Integer n = taken.get(key(e.getKey(), period, k));
                    counts[k] = n == null ? 0 : n;
                    any |= n != null;
                }
                if (any) {
                    out.put(e.getKey(), counts);
                }
            }
            return out;
        }

        /** Units taken of the coupon in the period, over every shard. */
        public synchronized int total(String couponId, String period) {
            String prefix = couponId + "#" + period + "#";
            return taken.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(Map.Entry::getValue).sum();
        }
    }

    public static final class Policies implements PolicyStore {
        public final Map<String, PolicyVersion> versions = new LinkedHashMap<>();
        public String active;
        public final List<String> history = new ArrayList<>();

        @Override
        public Optional<PolicyVersion> active() {
            return Optional.ofNullable(active).map(versions::get);
        }

        @Override
        public Optional<PolicyVersion> get(String version) {
            return Optional.ofNullable(versions.get(version));
        }

        @Override
        public void save(PolicyVersion version) {
            if (versions.putIfAbsent(version.version(), version) != null) {
                throw new IllegalStateException("exists");
            }
        }

        @Override
        public boolean promote(String version, String expectedActive) {
            if (!java.util.Objects.equals(active, expectedActive)) {
                return false;
            }
            if (active != null) {
                history.add(active);
            }
            active = version;
            return true;
        }

        @Override
        public List<String> history() {
            return List.copyOf(history);
        }

        @Override
        public boolean rollback() {
            if (history.isEmpty()) {
                return false;
            }
            active = history.remove(history.size() - 1);
            return true;
        }

        @Override
        public List<PolicyVersion> versions() {
            return List.copyOf(versions.values());
        }
    }

    /** The latest report kept in memory, with the same "a newer one stays" rule as the DynamoDB adapter. */
    public static final class Reports implements io.couponflow.core.report.ReportStore {
        public long computedAt = Long.MIN_VALUE;
        public String json;
        public int saves;

        @Override
        public synchronized boolean save(long at, String reportJson) {
            saves++;
            if (json != null && computedAt > at) {
                return false;
            }
            computedAt = at;
            json = reportJson;
            return true;
        }

        @Override
        public synchronized Optional<String> latest() {
            return Optional.ofNullable(json);
        }
    }

    public static final class Decisions implements DecisionLog {
        public final List<DecisionRecord> all = new ArrayList<>();

        @Override
        public synchronized void record(DecisionRecord decision) {
            all.add(decision);
        }

        /** The decision recorded last. */
        public synchronized DecisionRecord last() {
            return all.get(all.size() - 1);
        }

        @Override
        public synchronized List<DecisionRecord> since(String userId, long sinceTs) {
            return all.stream().filter(d -> d.userId().equals(userId) && d.ts() >= sinceTs)
                    .sorted(Comparator.comparingLong(DecisionRecord::ts)).toList();
        }

        @Override
        public synchronized boolean attribute(DecisionRecord decision, DecisionRecord.Reward reward) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).decisionId().equals(decision.decisionId())) {
                    if (all.get(i).reward() != null) {
                        return false;
                    }
                    all.set(i, all.get(i).withReward(reward));
                    return true;
                }
            }
            return false;
        }

        /** Calls of byDay, to see how a reader pages through the log. */
        public int dayReads;

        @Override
        public synchronized List<DecisionRecord> byDay(String day, long fromHash, long toHash) {
            dayReads++;
            return all.stream().filter(d -> io.couponflow.core.decision.DecisionMaker.day(java.time.Instant.ofEpochMilli(d.ts())).equals(day))
                    .filter(d -> {
                        long h = io.couponflow.core.decision.UserHash.of(d.userId());
                        return h >= fromHash && h < toHash;
                    }).toList();
        }

        @Override
        public synchronized int deleteUser(String userId) {
            int before = all.size();
            all.removeIf(d -> d.userId().equals(userId));
            return before - all.size();
        }
    }
}
