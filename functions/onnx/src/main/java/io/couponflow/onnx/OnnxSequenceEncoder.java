package io.couponflow.onnx;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.features.FeatureEncoder;
import io.couponflow.core.features.SequenceEncoder;
import io.couponflow.core.features.SequenceFeatures;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The LSTM encoder (ONNX) run through DJL on ONNX Runtime. Loaded once per container, one intra-op
 * thread (a Lambda has one or two vCPUs and serves one request at a time), nothing downloaded.
 */
public final class OnnxSequenceEncoder implements SequenceEncoder, AutoCloseable {
    static final String[] INPUTS = {"types", "categories", "prices", "gaps", "lengths"};

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final FeatureEncoder features;
    private final String version;

    private OnnxSequenceEncoder(ZooModel<NDList, NDList> model, FeatureEncoder features, String version) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.features = features;
        this.version = version;
    }

    /** Loads a model file; fails with a clear message if it is missing or not a valid ONNX graph. */
    public static OnnxSequenceEncoder load(Path modelFile, FeatureEncoder features) {
        offline();
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalStateException("model file " + modelFile + " does not exist");
        }
        try {
            Criteria<NDList, NDList> criteria = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(modelFile)
                    .optEngine("OnnxRuntime")
                    .optTranslator(new NoopTranslator())
                    .optOption("interOpNumThreads", "1")
                    .optOption("intraOpNumThreads", "1")
                    .build();
            return new OnnxSequenceEncoder(criteria.loadModel(), features, "enc-" + sha256(modelFile).substring(0, 12));
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new IllegalStateException("model " + modelFile.getFileName() + " could not be loaded: " + e.getMessage(), e);
        }
    }

    /** Copies the shipped model from the class path to a temporary file (DJL loads from files). */
    public static Path shippedModel() {
        try (InputStream in = OnnxSequenceEncoder.class.getResourceAsStream("/model/encoder.onnx")) {
            if (in == null) {
                throw new IllegalStateException("model/encoder.onnx is not on the class path");
            }
            Path dir = Files.createTempDirectory("couponflow-model");
            Path file = dir.resolve("encoder.onnx");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            dir.toFile().deleteOnExit();    // runs after the file's, so the directory is empty by then
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("could not unpack the shipped model", e);
        }
    }

    private static void offline() {
        System.setProperty("ai.djl.offline", "true");
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "djl").toString());
        }
    }

    @Override
    public synchronized Encoding encode(List<BehaviourEvent> newestFirst) {
        SequenceFeatures f = features.encode(newestFirst);
        int w = f.types().length;
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDList in = new NDList(
                    named(m.create(f.types(), new Shape(1, w)), INPUTS[0]),
                    named(m.create(f.categories(), new Shape(1, w)), INPUTS[1]),
                    named(m.create(f.prices(), new Shape(1, w)), INPUTS[2]),
                    named(m.create(f.gaps(), new Shape(1, w)), INPUTS[3]),
                    named(m.create(new long[]{f.length()}, new Shape(1)), INPUTS[4]));
            NDList out = predictor.predict(in);
            float[] state = out.get(0).toFloatArray();
            double prob = out.get(1).toFloatArray()[0];
            return new Encoding(state, prob, version);
        } catch (TranslateException e) {
            throw new IllegalStateException("encoder failed: " + e.getMessage(), e);
        }
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
