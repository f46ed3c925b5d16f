package io.couponflow.retrain;

import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * The Lambda entry point for the EventBridge schedule. The event's {@code detail} may carry an
 * operator action: {@code {"action":"rollback"}} or {@code {"action":"promote","version":"v..."}};
 * otherwise (the scheduled event) it retrains.
 */
public class RetrainFunction {

    @Inject
    RetrainService service;

    @Funq
    public Map<String, Object> retrain(Map<String, Object> event) {
        return service.handle(event);
    }
}
