package io.couponflow.core.features;

import java.util.List;

/**
 * The sequence features, as model/feature_spec.json defines them for both the Python trainer and
 * this encoder (one source of truth; the parity test checks the two agree).
 */
public record FeatureSpec(String version, int window, List<String> eventTypes, int categoryBuckets,
                          double[] priceBoundaries, double[] gapBoundariesSeconds, int hidden) {
}
