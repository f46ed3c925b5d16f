package io.couponflow.ingest;

import io.couponflow.testing.DynaliteTestResource;
import io.couponflow.testing.LambdaInvoker;
import io.couponflow.testing.LambdaInvoker.HttpAnswer;
import io.couponflow.testing.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every ingest sample in events/ (the ones for sam local invoke) through the real handler. */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
@TestProfile(SampleEventsTest.SampleClock.class)
class SampleEventsTest {

    /** The samples carry fixed timestamps; the clock is pinned just after them. */
    public static class SampleClock implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("couponflow.fixed-clock", "2026-11-28T12:00:00Z");
        }
    }

    /** Expected HTTP status and error code (null when none) of each sample. */
    private static final Map<String, Object[]> EXPECTED = Map.of(
            "ingest-post-events.json", new Object[]{200, null},
            "ingest-post-events-partly-invalid.json", new Object[]{200, null},
            "ingest-post-events-malformed.json", new Object[]{400, "INVALID_JSON"},
            "ingest-post-events-empty.json", new Object[]{400, "EMPTY_BATCH"},
            "ingest-post-events-wrong-content-type.json", new Object[]{415, "UNSUPPORTED_MEDIA_TYPE"},
            "ingest-delete-user.json", new Object[]{200, null},
            "ingest-unknown-route.json", new Object[]{404, "NOT_FOUND"});

    @Test
    void everyIngestSample_getsItsDocumentedAnswer() throws IOException {
        List<Path> samples = SampleEvents.withPrefix("ingest-");
        assertEquals(EXPECTED.keySet(), fileNames(samples), "every ingest sample has an expectation here");
        // post events first so that the delete sample has something to erase
        for (Path sample : samples.stream().sorted((a, b) -> rank(a) - rank(b)).toList()) {
            HttpAnswer answer = LambdaInvoker.invokeHttp(Files.readString(sample));
            Object[] expected = EXPECTED.get(sample.getFileName().toString());
            assertEquals(expected[0], answer.status(), sample.getFileName() + " -> " + answer.body());
            assertEquals(expected[1], answer.errorCode(), sample.getFileName() + " -> " + answer.body());
            assertTrue(answer.headers().containsKey("x-request-id"));
            switch (sample.getFileName().toString()) {
                case "ingest-post-events.json" -> assertEquals(5, answer.body().get("accepted").asInt());
                case "ingest-post-events-partly-invalid.json" -> {
                    assertEquals(1, answer.body().get("accepted").asInt());
                    assertEquals(2, answer.body().get("rejectedCount").asInt());
                    assertEquals("type", answer.body().at("/rejected/0/field").asText());
                    assertEquals("orderValue", answer.body().at("/rejected/1/field").asText());
                    assertEquals("MISSING_FIELD", answer.body().at("/rejected/1/code").asText());
                }
                case "ingest-delete-user.json" -> assertEquals(5, answer.body().at("/deleted/events").asInt());
                default -> {
                }
            }
        }
    }

    private static int rank(Path p) {
        return p.getFileName().toString().contains("delete") ? 1 : 0;
    }

    private static java.util.Set<String> fileNames(List<Path> paths) {
        return new java.util.TreeSet<>(paths.stream().map(p -> p.getFileName().toString()).toList());
    }
}
