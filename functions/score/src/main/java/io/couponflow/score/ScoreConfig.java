package io.couponflow.score;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Scoring settings; defaults documented in the README. */
@ConfigMapping(prefix = "couponflow.score")
public interface ScoreConfig {
    /** Recent events that form the state (must equal the feature spec's window). */
    @WithDefault("20")
    int window();

    /** Budget pacing gain: λ = gain × max(0, budget share used − day share elapsed). */
    @WithDefault("2.0")
    double pacingGain();

    /**
     * Exploration before any policy is promoted: "none" with probability 1 − ε + ε/n, each eligible
     * coupon ε/n. 1 is uniform (fastest learning, costliest); the default keeps 70% of shoppers on
     * "none" while the first policy is learnt.
     */
    @WithDefault("0.3")
    double coldStartEpsilon();

    @WithDefault("65536")
    int maxBodyBytes();

    /** Most coupon ids a request may name. */
    @WithDefault("100")
    int maxCandidates();

    @WithDefault("P180D")
    Duration decisionRetention();

    /** A model file to load instead of the shipped one. */
    Optional<String> modelPath();

    /** How long a container reuses the catalogue and the active policy before reading them again. */
    @WithDefault("PT30S")
    Duration cacheTtl();

    /** The policy name in the models table. */
    @WithDefault("default")
    String policy();
}
