package io.couponflow.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One function's process: either a JVM started as the Lambda Java runtime starts it (AWS's runtime
 * interface client loads the packaged handler, {@code FunqyStreamHandler}, and polls the local
 * {@link RuntimeApi}), or the function's native executable started as Lambda's {@code provided}
 * runtime starts {@code bootstrap} (it polls {@code AWS_LAMBDA_RUNTIME_API} itself).
 */
final class FunctionProcess implements AutoCloseable {
    static final String HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";
    private static final String RUNTIME_CLIENT_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final List<String> RUNTIME_CLIENT_JARS = List.of(
            "aws-lambda-java-runtime-interface-client", "aws-lambda-java-serialization", "utils-lite");

    private final String name;
    private final Process process;

    private FunctionProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static FunctionProcess start(String name, Path runnerJar, String runtimeApi, Map<String, String> env,
                                 int memoryMb, Path logFile) throws IOException {
        if (!Files.isRegularFile(runnerJar)) {
            throw new IllegalStateException(name + " is not built: " + runnerJar + " is missing (run ./mvnw package)");
        }
        List<String> classpath = new ArrayList<>();
        classpath.add(runnerJar.toString());
        classpath.addAll(runtimeClientJars());
        Path tmp = sandboxTmp(name, logFile);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + memoryMb + "m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.io.tmpdir=" + tmp, "-XX:ErrorFile=" + logFile.getParent().resolve(name + "-hs_err_%p.log"),
                "-cp", String.join(File.pathSeparator, classpath),
                RUNTIME_CLIENT_MAIN, HANDLER));
        return start(name, cmd, tmp, runtimeApi, env, memoryMb, logFile);
    }

    /**
     * The function's native executable (what function.zip holds as {@code bootstrap}). Its heap is capped
     * like the JVM's, and its temporary folder is its own, as the JVM's is.
     */
    static FunctionProcess startNative(String name, Path executable, String runtimeApi, Map<String, String> env,
                                       int memoryMb, Path logFile) throws IOException {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(name + " has no native executable: " + executable
                    + " is missing (infra/local/start.sh --native builds it)");
        }
        Path tmp = sandboxTmp(name, logFile);
        List<String> cmd = List.of(executable.toString(), "-Xmx" + memoryMb + "m", "-Djava.io.tmpdir=" + tmp);
        return start(name, cmd, tmp, runtimeApi, env, memoryMb, logFile);
    }

    /**
     * Each function process gets its own /tmp, as each Lambda sandbox does: native libraries unpacked
     * there (ONNX Runtime) must not be rewritten by a neighbour while mapped (SIGBUS otherwise).
     */
    private static Path sandboxTmp(String name, Path logFile) throws IOException {
        return Files.createTempDirectory(logFile.getParent(), name + "-tmp-");
    }

    private static FunctionProcess start(String name, List<String> cmd, Path tmp, String runtimeApi,
                                         Map<String, String> env, int memoryMb, Path logFile) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        pb.environment().put("AWS_LAMBDA_FUNCTION_NAME", name);
        pb.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        pb.environment().put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        pb.environment().put("_HANDLER", HANDLER);
        pb.environment().put("DJL_CACHE_DIR", tmp.resolve("djl").toString());
        return new FunctionProcess(name, pb.start());
    }

    /** The runtime client's jars, taken from this JVM's own class path (the bench module depends on them). */
    private static List<String> runtimeClientJars() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> RUNTIME_CLIENT_JARS.stream().anyMatch(n -> Path.of(p).getFileName().toString().startsWith(n)))
                .toList();
        if (jars.size() < RUNTIME_CLIENT_JARS.size()) {
            throw new IllegalStateException("the Lambda runtime interface client is not on the class path: " + jars);
        }
        return jars;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
