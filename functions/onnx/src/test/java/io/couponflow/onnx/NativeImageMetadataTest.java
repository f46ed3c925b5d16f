package io.couponflow.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The native-image metadata of this module, checked without GraalVM. ONNX Runtime's JNI library
 * looks classes up by name and calls their constructors; native-image can only link what
 * jni-config.json declares. The class names and constructor descriptors the library uses are
 * plain strings in its ELF image, so this test reads them from the very library on the class path
 * and requires the declared set to equal them: an ONNX Runtime upgrade that changes its JNI
 * access fails here instead of at run time in a native Lambda.
 */
class NativeImageMetadataTest {
    private static final String DIR = "/META-INF/native-image/io.couponflow/couponflow-onnx/";
    private static final String JNI_LIBRARY = "/ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so";
    private static final Pattern CLASS_NAME = Pattern.compile("(ai/onnxruntime|java/lang)/[A-Za-z0-9_$/]+");
    private static final Pattern CONSTRUCTOR_DESCRIPTOR =
            Pattern.compile("\\((\\[*([ZBCSIJFD]|L[A-Za-z0-9_$/]+;))*\\)V");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jniConfig_declaresExactlyTheClassesAndConstructorsTheJniLibraryLooksUp() throws Exception {
        List<String> strings = printableStrings(bytes(JNI_LIBRARY), 3);
        Set<String> classesUsed = new TreeSet<>();
        Set<String> descriptorsUsed = new TreeSet<>();
        for (String s : strings) {
            if (CLASS_NAME.matcher(s).matches()) {
                classesUsed.add(s.replace('/', '.'));
            } else if (CONSTRUCTOR_DESCRIPTOR.matcher(s).matches()) {
                descriptorsUsed.add(s);
            }
        }
        // a sanity floor: the library must have been read, not an empty or foreign file
        assertTrue(classesUsed.contains("ai.onnxruntime.OnnxTensor") && descriptorsUsed.size() >= 8,
                "unexpected JNI library contents: " + classesUsed + " " + descriptorsUsed);

        Map<String, Set<String>> declared = new HashMap<>();
        for (JsonNode entry : json("jni-config.json")) {
            String name = entry.get("name").asText();
            Class<?> type = Class.forName(name);
            Set<String> ctors = new TreeSet<>();
            for (JsonNode m : entry.path("methods")) {
                assertEquals("<init>", m.get("name").asText(), "only constructors are called from JNI: " + name);
                Class<?>[] params = types(m.get("parameterTypes"));
                type.getDeclaredConstructor(params); // throws if the declared constructor does not exist
                ctors.add(MethodType.methodType(void.class, params).toMethodDescriptorString());
            }
            declared.put(name, ctors);
        }

        assertEquals(classesUsed, new TreeSet<>(declared.keySet()),
                "jni-config.json classes differ from the classes the JNI library finds by name");
        Set<String> declaredDescriptors = new TreeSet<>();
        declared.values().forEach(declaredDescriptors::addAll);
        assertEquals(descriptorsUsed, declaredDescriptors,
                "jni-config.json constructors differ from the descriptors the JNI library uses");
        // each descriptor the library uses belongs to a constructor of a class it looks up
        for (String d : descriptorsUsed) {
            List<String> owners = new ArrayList<>();
            for (String c : classesUsed) {
                if (hasConstructor(Class.forName(c), d)) {
                    owners.add(c);
                }
            }
            assertTrue(owners.stream().anyMatch(c -> declared.get(c).contains(d)),
                    d + " is a constructor of " + owners + " but none of them declares it");
        }
    }

    @Test
    void reflectConfig_namesTypesThatExist() throws Exception {
        for (JsonNode entry : json("reflect-config.json")) {
            Class<?> type = type(entry.get("name").asText());
            for (JsonNode m : entry.path("methods")) {
                type.getDeclaredConstructor(types(m.get("parameterTypes")));
            }
        }
    }

    /**
     * DJL finds its engines and model zoos with ServiceLoader; Quarkus builds with the builder's
     * service-loader support off, so every provider named in a services file on the class path (DJL's
     * own RpcEngineProvider and DefaultZooProvider included) must be declared with its no-argument
     * constructor. Missing them, the native score function failed at run time with
     * "Provider ai.djl.engine.rpc.RpcEngineProvider not found".
     */
    @Test
    void reflectConfig_declaresEveryDjlServiceProviderWithItsConstructor() throws Exception {
        Map<String, Set<String>> constructors = new HashMap<>();
        for (JsonNode entry : json("reflect-config.json")) {
            Set<String> params = new TreeSet<>();
            for (JsonNode m : entry.path("methods")) {
                params.add(m.get("name").asText() + m.get("parameterTypes"));
            }
            constructors.put(entry.get("name").asText(), params);
        }
        Set<String> providers = new TreeSet<>();
        for (String service : List.of("ai.djl.engine.EngineProvider", "ai.djl.repository.zoo.ZooProvider")) {
            var urls = getClass().getClassLoader().getResources("META-INF/services/" + service);
            while (urls.hasMoreElements()) {
                try (InputStream in = urls.nextElement().openStream()) {
                    for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
                        String name = line.replaceAll("#.*", "").trim();
                        if (!name.isEmpty()) {
                            providers.add(name);
                        }
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(List.of("ai.djl.engine.rpc.RpcEngineProvider", "ai.djl.onnxruntime.engine.OrtEngineProvider",
                        "ai.djl.onnxruntime.zoo.OrtHfZooProvider", "ai.djl.onnxruntime.zoo.OrtZooProvider",
                        "ai.djl.repository.zoo.DefaultZooProvider")), providers,
                "the DJL service providers on the class path (an upgrade that adds one must declare it)");
        for (String provider : providers) {
            assertEquals(Set.of("<init>[]"), constructors.get(provider), provider + " needs its no-argument constructor");
        }
        for (String array : List.of("boolean[][]", "byte[][]", "short[][]", "int[][]", "long[][]", "float[][]",
                "double[][]", "java.lang.String[][]")) {
            assertTrue(constructors.containsKey(array), "ONNX Runtime creates " + array + " reflectively");
        }
    }

    /**
     * commons-compress, which DJL unpacks archives with, calls commons-lang3 without declaring it; the
     * native build links every call and failed on the missing class, so this module depends on it.
     */
    @Test
    void commonsLang3_isOnTheClassPathForDjlsUntar() throws Exception {
        assertNotNull(Class.forName("org.apache.commons.lang3.StringUtils"));
        assertNotNull(Class.forName("org.apache.commons.compress.archivers.tar.TarArchiveInputStream"));
    }

    @Test
    void resourceConfig_coversTheNativeLibrariesModelAndServices() throws Exception {
        Set<String> included = new TreeSet<>();
        for (JsonNode p : json("resource-config.json").path("resources").path("includes")) {
            String literal = p.get("pattern").asText().replace("\\Q", "").replace("\\E", "");
            assertNotNull(getClass().getResource("/" + literal), "resource-config names a missing resource: " + literal);
            included.add(literal);
        }
        for (String needed : List.of(JNI_LIBRARY.substring(1), "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                "model/encoder.onnx", "model/feature_spec.json", "ai/djl/engine/api.properties")) {
            assertTrue(included.contains(needed), "resource-config.json must include " + needed);
        }
    }

    /**
     * What the native build found must not be initialised at build time: ONNX Runtime and DJL's engine
     * over it; DJL's engines ("An object of type 'ai.djl.engine.rpc.RpcEngine' was found in the image
     * heap": RpcEngineProvider's holder ran at build time); ModelZoo, which scans its providers when
     * initialised ("... 'ai.djl.onnxruntime.zoo.OrtModelZoo' was found in the image heap"); ImageFactory,
     * whose initialiser creates the AWT-based factory. Not the whole of ai.djl: then the lambdas of DJL's
     * translator factories, which the builder embeds as constants, cannot be built
     * ("BaseImageTranslatorFactory$$Lambda ... found in the image heap").
     */
    @Test
    void onnxRuntimeAndDjlsEnginesAndZooAreInitialisedAtRunTime() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream(DIR + "native-image.properties")) {
            assertNotNull(in, "native-image.properties missing");
            p.load(in);
        }
        String args = p.getProperty("Args", "");
        Set<String> runTime = new TreeSet<>();
        for (String a : args.trim().split("\\s+")) {
            if (a.startsWith("--initialize-at-run-time=")) {
                runTime.addAll(List.of(a.substring(a.indexOf('=') + 1).split(",")));
            }
        }
        assertEquals(new TreeSet<>(List.of("ai.onnxruntime", "ai.djl.onnxruntime", "ai.djl.engine",
                "ai.djl.repository.zoo.ModelZoo", "ai.djl.modality.cv.ImageFactory")), runTime, args);
        assertEquals(1, args.trim().split("\\s+").length, "nothing else is declared for native image here: " + args);
        for (String type : List.of("ai.djl.repository.zoo.ModelZoo", "ai.djl.modality.cv.ImageFactory",
                "ai.djl.engine.rpc.RpcEngine", "ai.onnxruntime.OrtEnvironment", "ai.djl.onnxruntime.engine.OrtEngine")) {
            assertNotNull(Class.forName(type, false, getClass().getClassLoader()), type);
        }
    }

    private static boolean hasConstructor(Class<?> c, String descriptor) {
        for (var k : c.getDeclaredConstructors()) {
            if (MethodType.methodType(void.class, k.getParameterTypes()).toMethodDescriptorString().equals(descriptor)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode json(String file) throws IOException {
        return JSON.readTree(bytes(DIR + file));
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = NativeImageMetadataTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                fail(resource + " is not on the class path");
            }
            return in.readAllBytes();
        }
    }

    /** Runs of printable ASCII at least {@code min} long, as strings(1) finds them. */
    static List<String> printableStrings(byte[] data, int min) {
        List<String> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (byte b : data) {
            if (b >= 0x20 && b < 0x7f) {
                run.append((char) b);
            } else {
                if (run.length() >= min) {
                    out.add(run.toString());
                }
                run.setLength(0);
            }
        }
        if (run.length() >= min) {
            out.add(run.toString());
        }
        return out;
    }

    private static Class<?>[] types(JsonNode names) throws ClassNotFoundException {
        Class<?>[] out = new Class<?>[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = type(names.get(i).asText());
        }
        return out;
    }

    /** A type as native-image configuration spells it ("long[]", "java.lang.String[][]"). */
    private static Class<?> type(String name) throws ClassNotFoundException {
        if (name.endsWith("[]")) {
            return type(name.substring(0, name.length() - 2)).arrayType();
        }
        return switch (name) {
            case "boolean" -> boolean.class;
            case "byte" -> byte.class;
            case "char" -> char.class;
            case "short" -> short.class;
            case "int" -> int.class;
            case "long" -> long.class;
            case "float" -> float.class;
            case "double" -> double.class;
            default -> Class.forName(name);
        };
    }
}
