package io.couponflow.core.coupon;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One container's view of today's coupon budgets, over the {@link BudgetCounter} port: how much of each
 * budget is used (for pacing and to drop spent coupons), read at most once per {@code readTtl} per
 * coupon rather than per decision; and takes, each one conditional ADD on one shard.
 *
 * <p>A take picks a shard at random among those this container does not know to be full; a full or
 * throttled shard sends it to another, at most {@code maxTries} shards per decision. Whatever the
 * interleaving, each shard issues at most its limit, so the coupon issues at most its budget. A shard
 * found full stays known as full in this container until the next read, so each container meets each
 * full shard at most once per read: a decision is refused while units are left elsewhere only when its
 * tries all meet shards newly found full (at most ⌊shards / maxTries⌋ decisions per container and read),
 * and units given back to a shard some container thinks full are seen again at its next read. What is
 * left unissued at the end of a day is at most those units, never units no decision asked for.
 */
public final class CouponBudgets {

    /**
     * @param readTtl  how long a container uses the budget counts it read (its own takes added)
     * @param maxTries shards a decision tries before it gives the coupon up
     */
    public record Settings(Duration readTtl, int maxTries) {
        /** Read every 5 s; 3 tries. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), 3);
        }

        public Settings {
            if (readTtl.isNegative() || maxTries < 1) {
                throw new IllegalArgumentException("readTtl must be >= 0 and maxTries >= 1, got " + readTtl + ", " + maxTries);
            }
        }
    }

    /** The outcome of a take: the shard a unit came from, or none (and whether a shard was throttled). */
    public record Take(String couponId, String period, int shard, boolean throttled) {
        static final int NONE = -1;

        public boolean taken() {
            return shard != NONE;
        }
    }

    /** What this container knows of one coupon's budget for one period. */
    private static final class View {
        final int budget;
        final int[] counts;
        final boolean[] full;
        final long readAt;

        View(int budget, int[] counts, long readAt) {
            this.budget = budget;
            this.counts = counts;
            this.full = new boolean[counts.length];
            this.readAt = readAt;
            for (int k = 0; k < counts.length; k++) {
                full[k] = counts[k] >= limit(k);
            }
        }

        int limit(int k) {
            return BudgetShards.limit(budget, counts.length, k);
        }

        int used() {
            int sum = 0;
            for (int c : counts) {
                sum += c;
            }
            return sum;
        }
    }

    private final BudgetCounter counter;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, View> views = new HashMap<>();

    public CouponBudgets(BudgetCounter counter, Settings settings, Clock clock) {
        this.counter = counter;
        this.settings = settings;
        this.clock = clock;
    }

    private static String key(String couponId, String period) {
        return couponId + "#" + period;
    }

    /**
     * Units used so far this period, by coupon (coupons without a budget are left out): the counts of
     * the last read, if younger than readTtl and of the same budget and shards, plus this container's
     * takes since; the others are read, all in one request.
     */
    public Map<String, Integer> used(List<Coupon> coupons, String period) {
        long now = clock.millis();
        Map<String, Integer> stale = new LinkedHashMap<>();
        Map<String, Integer> budgets = new HashMap<>();
        Map<String, Integer> used = new HashMap<>();
        synchronized (this) {
            for (Coupon c : coupons) {
                if (c.dailyBudget() == null) {
                    continue;
                }
                View v = views.get(key(c.couponId(), period));
                if (v == null || now - v.readAt >= settings.readTtl().toMillis() || v.budget != c.dailyBudget()
                        || v.counts.length != BudgetShards.count(c)) {
                    stale.put(c.couponId(), BudgetShards.count(c));
                    budgets.put(c.couponId(), c.dailyBudget());
                } else {
                    used.put(c.couponId(), v.used());
                }
            }
        }
        if (!stale.isEmpty()) {
            Map<String, int[]> read = counter.used(stale, period);
            synchronized (this) {
                for (Map.Entry<String, Integer> e : stale.entrySet()) {
                    int[] counts = read.getOrDefault(e.getKey(), new int[e.getValue()]);
                    View v = new View(budgets.get(e.getKey()), counts.clone(), now);
                    views.put(key(e.getKey(), period), v);
                    used.put(e.getKey(), v.used());
                }
            }
        }
        return used;
    }

    /** Takes one unit of the coupon's budget for the period from one of its shards; see the class comment. */
    public Take tryTake(Coupon c, String period) {
        String key = key(c.couponId(), period);
        boolean throttled = false;
        List<Integer> tried = new ArrayList<>();
        for (int attempt = 0; attempt < settings.maxTries(); attempt++) {
            int shard;
            int limit;
            synchronized (this) {
                View v = views.get(key);
                if (v == null || v.budget != c.dailyBudget() || v.counts.length != BudgetShards.count(c)) {
                    v = new View(c.dailyBudget(), new int[BudgetShards.count(c)], Long.MIN_VALUE);   // read at the next decision
                    views.put(key, v);
                }
                shard = pick(v, tried);
                if (shard < 0) {
                    break;
                }
                limit = v.limit(shard);
            }
            tried.add(shard);
            BudgetCounter.Take t = counter.tryTake(c.couponId(), period, shard, limit);
            synchronized (this) {
                View v = views.get(key);
                if (t == BudgetCounter.Take.TAKEN) {
                    v.counts[shard]++;
                    v.full[shard] = v.counts[shard] >= limit;
                    return new Take(c.couponId(), period, shard, throttled);
                }
                if (t == BudgetCounter.Take.FULL) {
                    v.counts[shard] = Math.max(v.counts[shard], limit);
                    v.full[shard] = true;
                } else {
                    throttled = true;
                }
            }
        }
        return new Take(c.couponId(), period, Take.NONE, throttled);
    }

    /** A shard not known to be full and not tried by this decision, uniformly at random; -1 if none. */
    private static int pick(View v, List<Integer> tried) {
        int open = 0;
        for (int k = 0; k < v.full.length; k++) {
            if (!v.full[k] && !tried.contains(k)) {
                open++;
            }
        }
        if (open == 0) {
            return -1;
        }
        int nth = open == 1 ? 0 : ThreadLocalRandom.current().nextInt(open);
        for (int k = 0; k < v.full.length; k++) {
            if (!v.full[k] && !tried.contains(k) && nth-- == 0) {
                return k;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Gives back a unit this container took (its decision could not issue the coupon after all). */
    public void release(Take take) {
        if (!take.taken()) {
            return;
        }
        counter.release(take.couponId(), take.period(), take.shard());
        synchronized (this) {
            View v = views.get(key(take.couponId(), take.period()));
            if (v != null && v.counts[take.shard()] > 0) {
                v.counts[take.shard()]--;
                v.full[take.shard()] = false;
            }
        }
    }

    /** Takes one of the user's uses of the coupon if fewer than {@code cap} are taken (one counter per user: no hot key). */
    public boolean tryTakeUserCap(String couponId, String userId, int cap) {
        return counter.tryTakeUserCap(couponId, userId, cap);
    }

    public void releaseUserCap(String couponId, String userId) {
        counter.releaseUserCap(couponId, userId);
    }
}
