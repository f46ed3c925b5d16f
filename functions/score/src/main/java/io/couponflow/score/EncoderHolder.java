package io.couponflow.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.features.FeatureEncoder;
import io.couponflow.onnx.FeatureSpecs;
import io.couponflow.onnx.OnnxSequenceEncoder;
import io.couponflow.core.features.SequenceEncoder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads the encoder once per container. A missing or corrupt model does not stop the function:
 * the encoder reports itself unavailable, decisions fall back to the cold-start policy with reason
 * MODEL_UNAVAILABLE, and the failure is logged once at start-up.
 */
@ApplicationScoped
public class EncoderHolder implements SequenceEncoder {
    private static final Logger LOG = Logger.getLogger(EncoderHolder.class);

    private final OnnxSequenceEncoder encoder;
    private final String failure;

    public EncoderHolder(ScoreConfig config, ObjectMapper json) {
        OnnxSequenceEncoder loaded = null;
        String why = null;
        try {
            FeatureEncoder features = new FeatureEncoder(FeatureSpecs.fromClasspath(json));
            if (features.spec().window() != config.decisionSettings().window()) {
                throw new IllegalStateException("couponflow.score.window=" + config.decisionSettings().window()
                        + " differs from the feature spec's window " + features.spec().window());
            }
            Path file = config.modelPath().map(Path::of).orElseGet(OnnxSequenceEncoder::shippedModel);
            loaded = OnnxSequenceEncoder.load(file, features);
            LOG.infof("encoder %s loaded", loaded.version());
        } catch (RuntimeException e) {
            why = e.getMessage();
            LOG.errorf("encoder unavailable, decisions use the cold-start policy: %s", why);
        }
        this.encoder = loaded;
        this.failure = why;
    }

    public boolean available() {
        return encoder != null;
    }

    public String failure() {
        return failure;
    }

    @Override
    public Encoding encode(List<BehaviourEvent> newestFirst) {
        if (encoder == null) {
            throw new IllegalStateException("encoder unavailable: " + failure);
        }
        return encoder.encode(newestFirst);
    }

    @Override
    public String version() {
        return encoder == null ? null : encoder.version();
    }

    @PreDestroy
    void close() {
        if (encoder != null) {
            encoder.close();
        }
    }
}
