package io.couponflow.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real DynamoDB-API server for tests and the local stack: the npm package dynalite (pinned in
 * infra/local/package.json), started as a child process on 127.0.0.1 on a free port. In-memory by
 * default; {@link #onDisk} keeps data in a folder so that it survives {@link #kill()} and {@link #start()}.
 */
public final class Dynalite implements AutoCloseable {
    public static final String REGION = "us-east-1";

    private final Path script;
    private final Path dataDir;
    private final int port;
    private Process process;

    private Dynalite(Path script, Path dataDir, int port) {
        this.script = script;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** An in-memory server on a free port, started. */
    public static Dynalite inMemory() {
        return new Dynalite(locateScript(), null, freePort()).start();
    }

    /** A server keeping its data in {@code dataDir}, on a free port, started. */
    public static Dynalite onDisk(Path dataDir) {
        return new Dynalite(locateScript(), dataDir, freePort()).start();
    }

    /** A server on a given port (the local stack), started. */
    public static Dynalite onPort(int port, Path dataDirOrNull) {
        return new Dynalite(locateScript(), dataDirOrNull, port).start();
    }

    public synchronized Dynalite start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        List<String> cmd = new ArrayList<>(List.of(node(), script.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (dataDir != null) {
            cmd.add("--path");
            cmd.add(dataDir.toString());
        }
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start dynalite with " + cmd.get(0)
                    + " (is Node.js 20+ installed and on PATH?)", e);
        }
        waitUntilListening(Duration.ofSeconds(20));
        return this;
    }

    /** Stops the server the way a crash does (SIGKILL); data on disk stays. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client with dummy static credentials, short timeouts and the url-connection HTTP client. */
    public DynamoDbClient client() {
        return client(Duration.ofSeconds(10));
    }

    public DynamoDbClient client(Duration apiCallTimeout) {
        return clientBuilder(apiCallTimeout).build();
    }

    /** The builder behind {@link #client()}, for tests that add an interceptor. */
    public software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder clientBuilder(Duration apiCallTimeout) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(apiCallTimeout));
    }

    @Override
    public void close() {
        kill();
    }

    private void waitUntilListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dynalite exited with code " + process.exitValue()
                        + " before listening on port " + port);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        kill();
        throw new IllegalStateException("dynalite did not listen on port " + port + " within " + timeout);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String node() {
        String fromEnv = System.getenv("COUPONFLOW_NODE");
        return fromEnv == null || fromEnv.isBlank() ? "node" : fromEnv;
    }

    /** A free loopback port. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** infra/local/node_modules/dynalite/cli.js under the repository root. */
    static Path locateScript() {
        Path root = RepoRoot.find();
        Path cli = root.resolve("infra/local/node_modules/dynalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed: run 'npm ci --prefix infra/local' at the "
                    + "repository root (looked for " + root.relativize(cli) + ")");
        }
        return cli;
    }
}
