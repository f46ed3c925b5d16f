package io.couponflow.core.features;

/** Model inputs for one shopper: right-padded index sequences (oldest first) and the real length. */
public record SequenceFeatures(long[] types, long[] categories, long[] prices, long[] gaps, int length) {
}
