package io.couponflow.core.features;

import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link SequenceFeatures} from a user's latest events exactly as model/features.py does. */
public final class FeatureEncoder {
    private final FeatureSpec spec;
    private final Map<EventType, Integer> typeIndex = new HashMap<>();

    public FeatureEncoder(FeatureSpec spec) {
        this.spec = spec;
        for (int i = 0; i < spec.eventTypes().size(); i++) {
            String name = spec.eventTypes().get(i);
            EventType type = EventType.fromWire(name)
                    .orElseThrow(() -> new IllegalArgumentException("feature spec names unknown event type " + name));
            typeIndex.put(type, i + 1);
        }
    }

    public FeatureSpec spec() {
        return spec;
    }

    /** @param newestFirst the user's latest events, newest first (as the events query returns them) */
    public SequenceFeatures encode(List<BehaviourEvent> newestFirst) {
        int w = spec.window();
        int n = Math.min(w, newestFirst.size());
        long[] types = new long[w];
        long[] cats = new long[w];
        long[] prices = new long[w];
        long[] gaps = new long[w];
        for (int i = 0; i < n; i++) {
            BehaviourEvent e = newestFirst.get(n - 1 - i);   // oldest of the window first
            types[i] = typeIndex.get(e.type());
            cats[i] = category(e.category());
            prices[i] = price(e);
            gaps[i] = i == 0 ? 1 : gap((e.ts() - newestFirst.get(n - i).ts()) / 1000.0);
        }
        return new SequenceFeatures(types, cats, prices, gaps, n);
    }

    long category(String c) {
        if (c == null) {
            return 1;
        }
        return 2 + Integer.remainderUnsigned(fnv1a32(c), spec.categoryBuckets());
    }

    long price(BehaviourEvent e) {
        Double amount = e.type() == EventType.PURCHASE ? e.orderValue() : e.price();
        return amount == null ? 1 : 2 + countAtMost(spec.priceBoundaries(), amount);
    }

    long gap(double seconds) {
        return 2 + countAtMost(spec.gapBoundariesSeconds(), seconds);
    }

    /** How many boundaries are at most x (Python's bisect_right). */
    private static int countAtMost(double[] boundaries, double x) {
        int c = 0;
        for (double b : boundaries) {
            if (b <= x) {
                c++;
            }
        }
        return c;
    }

    static int fnv1a32(String text) {
        int h = 0x811C9DC5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x01000193;
        }
        return h;
    }
}
