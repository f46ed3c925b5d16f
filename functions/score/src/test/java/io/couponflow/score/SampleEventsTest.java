package io.couponflow.score;

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
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every score sample in events/ through the real handler, with the answer events/expected-answers.json
 * gives it (the native executable's check reads the same file).
 */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
@TestProfile(SampleEventsTest.SampleConfig.class)
class SampleEventsTest {

    /** The samples' settings (expected-answers.json): half the users live, so the baseline samples show both groups. */
    public static class SampleConfig implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return SampleAnswers.config("score");
        }
    }

    @Test
    void everyScoreSample_getsItsDocumentedAnswer() {
        List<SampleAnswers.Expectation> expected = SampleAnswers.of("score");
        assertEquals(new TreeSet<>(SampleEvents.withPrefix("score-").stream().map(p -> p.getFileName().toString()).toList()),
                new TreeSet<>(expected.stream().map(SampleAnswers.Expectation::sample).toList()),
                "every score sample has an expectation in events/expected-answers.json");
        // in the file's order: the coupon is PUT before the GET sample reads it
        for (SampleAnswers.Expectation e : expected) {
            HttpAnswer a = LambdaInvoker.invokeHttp(e.event());
            assertEquals(List.of(), e.problems(a.status(), a.headers(), a.body()), e.sample() + " -> " + a.body());
        }
    }
}
