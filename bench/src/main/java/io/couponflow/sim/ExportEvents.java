package io.couponflow.sim;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes simulated behaviour (sessions and purchases, under uniformly random coupons) as JSON lines in
 * couponflow's event schema, the input of model/train.py: how a shop would train the encoder on its
 * own logs. Simulated days are 24 h apart. Usage: ExportEvents OUT.jsonl [--days 21] [--shoppers 3000]
 * [--seed 11] [--market balanced]
 */
public final class ExportEvents {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int days = 21;
        int shoppers = 3000;
        long seed = 11;
        String market = "balanced";
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--shoppers" -> shoppers = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--market" -> market = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Simulator sim = new Simulator(Market.named(market, shoppers), seed);
        ObjectMapper json = new ObjectMapper();
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5eed);
        long start = 1_700_000_000_000L;
        int events = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (int d = 1; d <= days; d++) {
                long checkout = start + d * 86_400_000L;
                for (Simulator.Visit v : sim.day(d, checkout)) {
                    List<Market.SimCoupon> eligible = Shopper.eligibleCoupons(v.basket(), sim.market());
                    int pick = rnd.nextInt(eligible.size() + 1);
                    Market.SimCoupon coupon = pick == eligible.size() ? null : eligible.get(pick);
                    boolean bought = v.draw() < v.buyProbability(coupon, sim.market());
                    List<Map<String, Object>> all = new java.util.ArrayList<>(v.session());
                    all.addAll(sim.outcome(v, coupon == null ? null : coupon.id(), "sim", bought, checkout + 30_000));
                    for (Map<String, Object> e : all) {
                        w.write(json.writeValueAsString(e));
                        w.newLine();
                        events++;
                    }
                }
            }
        }
        System.out.printf("wrote %d events of %d shoppers over %d days to %s%n", events, shoppers, days, out);
    }
}
