package io.couponflow.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A market read from JSON instead of a named one, so the same code and settings can be checked on a
 * market nobody tuned them on:
 * <pre>{"name": "outlet", "shares": {"sureThing": 0.25, "persuadable": 0.35, "lostCause": 0.25, "sleepingDog": 0.15},
 *  "visitRate": 0.15, "basketMean": 45, "depthForFullEffect": 0.25, "marginRate": 0.3,
 *  "coupons": [{"id": "F5", "kind": "fixed", "value": 5, "minSpend": 30}, ...]}</pre>
 * A bad file is refused with the field at fault named: {@link InvalidMarket}.
 */
public final class MarketFile {
    private static final List<String> SHARES = List.of("sureThing", "persuadable", "lostCause", "sleepingDog");
    private static final Set<String> KINDS = Set.of("fixed", "percent", "free_shipping");

    /** A market file that cannot be used; the message names the field. */
    public static final class InvalidMarket extends IllegalArgumentException {
        InvalidMarket(String field, String problem) {
            super(field + ": " + problem);
        }
    }

    private MarketFile() {
    }

    public static Market read(Path file, int shoppers) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidMarket(file.toString(), "not readable JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        return parse(root, shoppers);
    }

    static Market parse(JsonNode root, int shoppers) {
        if (root == null || !root.isObject()) {
            throw new InvalidMarket("(file)", "must be a JSON object");
        }
        String name = text(root, "name");
        JsonNode shares = root.get("shares");
        if (shares == null || !shares.isObject()) {
            throw new InvalidMarket("shares", "required, an object with " + String.join(", ", SHARES));
        }
        double[] s = new double[SHARES.size()];
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = number(shares, SHARES.get(i), "shares." + SHARES.get(i), 0, 1);
            sum += s[i];
        }
        shares.fieldNames().forEachRemaining(f -> {
            if (!SHARES.contains(f)) {
                throw new InvalidMarket("shares." + f, "unknown segment (" + String.join(", ", SHARES) + ")");
            }
        });
        if (Math.abs(sum - 1) > 1e-6) {
            throw new InvalidMarket("shares", String.format(Locale.ROOT, "must sum to 1, they sum to %.4f", sum));
        }
        double visitRate = number(root, "visitRate", "visitRate", 1e-9, 1);
        double basketMean = number(root, "basketMean", "basketMean", 1e-9, 1e6);
        double depth = number(root, "depthForFullEffect", "depthForFullEffect", 1e-9, 1);
        double margin = number(root, "marginRate", "marginRate", 1e-9, 1);
        JsonNode coupons = root.get("coupons");
        if (coupons == null || !coupons.isArray() || coupons.isEmpty()) {
            throw new InvalidMarket("coupons", "required, a non-empty array");
        }
        List<Market.SimCoupon> list = new ArrayList<>();
        for (int i = 0; i < coupons.size(); i++) {
            JsonNode c = coupons.get(i);
            String at = "coupons[" + i + "]";
            if (!c.isObject()) {
                throw new InvalidMarket(at, "must be an object");
            }
            String id = text(c, "id", at + ".id");
            String kind = text(c, "kind", at + ".kind");
            if (!KINDS.contains(kind)) {
                throw new InvalidMarket(at + ".kind", "unknown kind '" + kind + "' (fixed, percent, free_shipping)");
            }
            double value = number(c, "value", at + ".value", 1e-9, kind.equals("percent") ? 100 : 1e6);
            double minSpend = c.has("minSpend") ? number(c, "minSpend", at + ".minSpend", 0, 1e6) : 0;
            if (list.stream().anyMatch(x -> x.id().equals(id))) {
                throw new InvalidMarket(at + ".id", "'" + id + "' appears twice");
            }
            list.add(new Market.SimCoupon(id, kind, value, minSpend));
        }
        return new Market(name, shoppers, s, visitRate, basketMean, depth, margin, List.copyOf(list));
    }

    private static String text(JsonNode n, String field) {
        return text(n, field, field);
    }

    private static String text(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new InvalidMarket(path, "required, a non-empty string");
        }
        return v.asText();
    }

    private static double number(JsonNode n, String field, String path, double min, double max) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new InvalidMarket(path, "required, a number");
        }
        double d = v.asDouble();
        if (!(d >= min && d <= max)) {
            String range = min > 0 && min < 1e-6 ? "above 0 and at most " + plain(max) : "between " + plain(min) + " and " + plain(max);
            throw new InvalidMarket(path, v.asText() + " must be " + range);
        }
        return d;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
