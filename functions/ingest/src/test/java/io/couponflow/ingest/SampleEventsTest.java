package io.couponflow.ingest;

import io.couponflow.testing.DynaliteTestResource;
import io.couponflow.testing.LambdaInvoker;
import io.couponflow.testing.LambdaInvoker.HttpAnswer;
import io.couponflow.testing.SampleAnswers;
import io.couponflow.testing.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every ingest sample in events/ (the ones for sam local invoke) through the real handler, with the
 * answer events/expected-answers.json gives it (the native executable's check reads the same file).
 */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
@TestProfile(SampleEventsTest.SampleClock.class)
class SampleEventsTest {

    /** The samples carry fixed timestamps; the clock is pinned just after them (expected-answers.json). */
    public static class SampleClock implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return SampleAnswers.config("ingest");
        }
    }

    @Test
    void everyIngestSample_getsItsDocumentedAnswer() {
        List<SampleAnswers.Expectation> expected = SampleAnswers.of("ingest");
        assertEquals(fileNames(SampleEvents.withPrefix("ingest-").stream().map(p -> p.getFileName().toString()).toList()),
                fileNames(expected.stream().map(SampleAnswers.Expectation::sample).toList()),
                "every ingest sample has an expectation in events/expected-answers.json");
        // in the file's order: events are posted before the delete sample erases them
        for (SampleAnswers.Expectation e : expected) {
            HttpAnswer answer = LambdaInvoker.invokeHttp(e.event());
            assertEquals(List.of(), e.problems(answer.status(), answer.headers(), answer.body()),
                    e.sample() + " -> " + answer.body());
        }
    }

    private static Set<String> fileNames(List<String> names) {
        return new TreeSet<>(names);
    }
}
