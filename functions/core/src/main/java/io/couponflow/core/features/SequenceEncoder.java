package io.couponflow.core.features;

import io.couponflow.core.event.BehaviourEvent;

import java.util.List;

/** Port: the trained sequence model (an LSTM on ONNX Runtime in the score function). */
public interface SequenceEncoder {

    /** The state embedding h(s) and the purchase-head probability for one shopper. */
    record Encoding(float[] state, double purchaseProb, String encoderVersion) {
    }

    Encoding encode(List<BehaviourEvent> newestFirst);

    /** Identifies the model file (hash) so that every decision says which encoder produced its state. */
    String version();
}
