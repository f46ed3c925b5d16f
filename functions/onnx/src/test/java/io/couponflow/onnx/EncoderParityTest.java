package io.couponflow.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;
import io.couponflow.core.features.FeatureEncoder;
import io.couponflow.core.features.SequenceEncoder;
import io.couponflow.core.features.SequenceFeatures;
import io.couponflow.testing.RepoRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java encoder through DJL/ONNX Runtime reproduces PyTorch on the fixtures model/train.py wrote. */
class EncoderParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOLERANCE = 1e-5;
    private static FeatureEncoder features;
    private static OnnxSequenceEncoder encoder;

    @BeforeAll
    static void load() {
        features = new FeatureEncoder(FeatureSpecs.fromClasspath(JSON));
        encoder = OnnxSequenceEncoder.load(OnnxSequenceEncoder.shippedModel(), features);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    static List<BehaviourEvent> events(JsonNode list) {
        List<BehaviourEvent> out = new ArrayList<>();
        for (JsonNode e : list) {
            out.add(new BehaviourEvent(e.get("eventId").asText(), e.get("userId").asText(),
                    EventType.fromWire(e.get("type").asText()).orElseThrow(), e.get("ts").asLong(),
                    text(e, "itemId"), text(e, "category"), num(e, "price"), text(e, "query"), num(e, "orderValue"),
                    text(e, "couponId"), text(e, "decisionId"), text(e, "sessionId")));
        }
        return out;
    }

    private static String text(JsonNode e, String f) {
        return e.hasNonNull(f) ? e.get(f).asText() : null;
    }

    private static Double num(JsonNode e, String f) {
        return e.hasNonNull(f) ? e.get(f).asDouble() : null;
    }

    @Test
    void fixtures_javaInputsEqualPythonInputs_andOutputsAgreeWithin1e5() throws IOException {
        JsonNode fixtures = JSON.readTree(Files.readString(RepoRoot.find().resolve("model/fixtures/parity.json")));
        assertEquals(features.spec().version(), fixtures.get("spec_version").asText());
        double worst = 0;
        int cases = 0;
        Coverage coverage = new Coverage();
        for (JsonNode c : fixtures.get("cases")) {
            List<BehaviourEvent> history = events(c.get("events"));
            SequenceFeatures f = features.encode(history);
            coverage.add(history, f);
            JsonNode in = c.get("inputs");
            assertArrayEquals(longs(in.get(0)), f.types());
            assertArrayEquals(longs(in.get(1)), f.categories());
            assertArrayEquals(longs(in.get(2)), f.prices());
            assertArrayEquals(longs(in.get(3)), f.gaps());
            assertEquals(in.get(4).asInt(), f.length());

            SequenceEncoder.Encoding enc = encoder.encode(history);
            JsonNode state = c.get("state");
            assertEquals(state.size(), enc.state().length);
            for (int i = 0; i < enc.state().length; i++) {
                worst = Math.max(worst, Math.abs(enc.state()[i] - state.get(i).asDouble()));
            }
            worst = Math.max(worst, Math.abs(enc.purchaseProb() - c.get("purchase_prob").asDouble()));
            cases++;
        }
        assertTrue(cases >= 20, "fixtures cover at least 20 histories, got " + cases);
        coverage.assertComplete(features.spec());
        System.out.printf("parity: %d fixtures, largest |java - pytorch| = %.3g%n", cases, worst);
        assertTrue(worst <= TOLERANCE, "largest difference " + worst);
    }

    @Test
    void emptyHistory_givesZeroState() {
        SequenceEncoder.Encoding enc = encoder.encode(List.of());
        for (float v : enc.state()) {
            assertEquals(0.0, v, 0.0);
        }
    }

    @Test
    void load_corruptOrMissingFile_failsWithAClearMessage(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path corrupt = dir.resolve("encoder.onnx");
        Files.write(corrupt, new byte[]{1, 2, 3, 4, 5});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OnnxSequenceEncoder.load(corrupt, features));
        assertTrue(e.getMessage().contains("could not be loaded"), e.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> OnnxSequenceEncoder.load(dir.resolve("nope.onnx"), features));
        assertTrue(missing.getMessage().contains("does not exist"));
    }

    /** Which index of each input the fixtures reach: the parity must hold over all of them. */
    private static final class Coverage {
        final java.util.Set<Long> types = new java.util.TreeSet<>();
        final java.util.Set<Long> categories = new java.util.TreeSet<>();
        final java.util.Set<Long> prices = new java.util.TreeSet<>();
        final java.util.Set<Long> gaps = new java.util.TreeSet<>();
        int longestHistory;
        boolean empty;

        void add(List<BehaviourEvent> history, SequenceFeatures f) {
            for (int i = 0; i < f.length(); i++) {
                types.add(f.types()[i]);
                categories.add(f.categories()[i]);
                prices.add(f.prices()[i]);
                gaps.add(f.gaps()[i]);
            }
            longestHistory = Math.max(longestHistory, history.size());
            empty |= history.isEmpty();
        }

        void assertComplete(io.couponflow.core.features.FeatureSpec spec) {
            assertEquals(range(1, spec.eventTypes().size()), types, "every event type");
            assertEquals(range(1, spec.priceBoundaries().length + 2), prices, "every price bucket, and none");
            assertEquals(range(1, spec.gapBoundariesSeconds().length + 2), gaps, "every gap bucket");
            assertTrue(categories.contains(1L), "a missing category");
            assertTrue(longestHistory > spec.window(), "a history longer than the window: " + longestHistory);
            assertTrue(empty, "an empty history");
        }

        private static java.util.Set<Long> range(long from, long to) {
            java.util.Set<Long> out = new java.util.TreeSet<>();
            for (long v = from; v <= to; v++) {
                out.add(v);
            }
            return out;
        }
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }
}
