package io.couponflow.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The AWS Lambda Runtime API (2018-06-01) for one function, on loopback: the function's runtime client
 * polls {@code invocation/next}, runs the handler, and posts the response or error. This is the
 * interface every Lambda runtime speaks, so the local stack exercises the real handler and runtime.
 */
final class RuntimeApi implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime";

    /** What the function returned: its payload, or the error it reported. */
    record Result(boolean error, String body) {
    }

    private record Invocation(String id, String payload, long deadlineMillis, CompletableFuture<Result> result) {
    }

    private final String functionName;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inflight = new ConcurrentHashMap<>();
    private volatile String initError;
    private final java.util.concurrent.atomic.AtomicInteger idle = new java.util.concurrent.atomic.AtomicInteger();

    RuntimeApi(String functionName) throws IOException {
        this.functionName = functionName;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext(BASE + "/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String initError() {
        return initError;
    }

    /** Waits until {@code runtimes} function processes are initialised and waiting for an invocation. */
    boolean awaitIdle(int runtimes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (idle.get() < runtimes) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Queues one invocation and waits for the function's answer. */
    Result invoke(String payload, Duration timeout) throws TimeoutException, InterruptedException {
        Invocation inv = new Invocation(UUID.randomUUID().toString(), payload,
                System.currentTimeMillis() + timeout.toMillis(), new CompletableFuture<>());
        pending.add(inv);
        try {
            return inv.result().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pending.remove(inv);
            inflight.remove(inv.id());
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        try (ex) {
            if (path.equals(BASE + "/invocation/next") && ex.getRequestMethod().equals("GET")) {
                next(ex);
            } else if (path.startsWith(BASE + "/invocation/") && ex.getRequestMethod().equals("POST")) {
                String rest = path.substring((BASE + "/invocation/").length());
                int slash = rest.indexOf('/');
                String id = rest.substring(0, slash);
                boolean error = rest.endsWith("/error");
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Invocation inv = inflight.remove(id);
                if (inv != null) {
                    inv.result().complete(new Result(error, body));
                }
                reply(ex, 202, "{\"status\":\"OK\"}");
            } else if (path.equals(BASE + "/init/error")) {
                initError = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                reply(ex, 202, "{\"status\":\"OK\"}");
            } else {
                reply(ex, 404, "{\"errorMessage\":\"unknown runtime API path\"}");
            }
        }
    }

    private void next(HttpExchange ex) throws IOException {
        Invocation inv;
        idle.incrementAndGet();
        try {
            inv = pending.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(ex, 500, "{}");
            return;
        } finally {
            idle.decrementAndGet();
        }
        inflight.put(inv.id(), inv);
        ex.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", inv.id());
        ex.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(inv.deadlineMillis()));
        ex.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:000000000000:function:" + functionName);
        ex.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        ex.getResponseHeaders().add("Content-Type", "application/json");
        reply(ex, 200, inv.payload());
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        LocalGateway.write(ex, status, java.util.Map.of(), body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
