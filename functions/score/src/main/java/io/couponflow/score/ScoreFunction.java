package io.couponflow.score;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** The Lambda entry point: API Gateway HTTP API (payload 2.0) in, HTTP response out. */
public class ScoreFunction {

    @Inject
    ScoreApi api;

    @Funq
    public APIGatewayV2HTTPResponse score(APIGatewayV2HTTPEvent request) {
        return api.handle(request);
    }
}
