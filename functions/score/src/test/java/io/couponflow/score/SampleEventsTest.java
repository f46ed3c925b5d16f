package io.couponflow.score;

import io.couponflow.testing.DynaliteTestResource;
import io.couponflow.testing.LambdaInvoker;
import io.couponflow.testing.LambdaInvoker.HttpAnswer;
import io.couponflow.testing.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every score sample in events/ through the real handler, with its documented answer. */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
class SampleEventsTest {
    private static final Map<String, Object[]> EXPECTED = Map.of(
            "score-put-coupon.json", new Object[]{200, null},
            "score-put-coupon-invalid.json", new Object[]{400, "UNKNOWN_VALUE"},
            "score-get-coupon.json", new Object[]{200, null},
            "score-get-coupon-missing.json", new Object[]{404, "NOT_FOUND"},
            "score-get-health.json", new Object[]{200, null},
            "score-post-decision.json", new Object[]{200, null},
            "score-post-decision-invalid.json", new Object[]{400, "MISSING_FIELD"});

    @Test
    void everyScoreSample_getsItsDocumentedAnswer() throws IOException {
        List<Path> samples = SampleEvents.withPrefix("score-");
        assertEquals(new TreeSet<>(EXPECTED.keySet()),
                new TreeSet<>(samples.stream().map(p -> p.getFileName().toString()).toList()));
        // PUT before GET so the GET sample finds its coupon
        for (Path sample : samples.stream().sorted(Comparator.comparing(p -> p.getFileName().toString().contains("put") ? 0 : 1)).toList()) {
            HttpAnswer a = LambdaInvoker.invokeHttp(Files.readString(sample));
            Object[] expected = EXPECTED.get(sample.getFileName().toString());
            assertEquals(expected[0], a.status(), sample.getFileName() + " -> " + a.body());
            assertEquals(expected[1], a.errorCode(), sample.getFileName() + " -> " + a.body());
        }
    }
}
