package io.couponflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API on 127.0.0.1: turns each request into an API Gateway HTTP API (payload 2.0) event,
 * invokes the function that owns the route through its Runtime API, and writes back the function's
 * status, headers and body. Same routes and payloads as infra/template.yaml.
 */
final class LocalGateway implements AutoCloseable {
    static final int MAX_BODY = 10 * 1024 * 1024;   // API Gateway's own payload limit
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    /** A route: method, path template, and the function that serves it. */
    record Route(String method, String template, String function) {
        Pattern pattern() {
            return Pattern.compile("^" + template.replaceAll("\\{[^/]+}", "([^/]+)") + "$");
        }

        String paramName() {
            Matcher m = Pattern.compile("\\{([^/]+)}").matcher(template);
            return m.find() ? m.group(1) : null;
        }
    }

    static final List<Route> ROUTES = List.of(
            new Route("POST", "/v1/events", "ingest"),
            new Route("DELETE", "/v1/users/{id}", "ingest"),
            new Route("POST", "/v1/decisions", "score"),
            new Route("PUT", "/v1/coupons/{id}", "score"),
            new Route("GET", "/v1/coupons/{id}", "score"),
            new Route("GET", "/v1/health", "score"),
            new Route("GET", "/v1/policies", "score"),
            new Route("POST", "/v1/policies/{version}/promote", "score"),
            new Route("POST", "/v1/policies/rollback", "score"),
            new Route("GET", "/v1/report", "score"));

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final Function<String, RuntimeApi> functions;
    private final Duration timeout;

    LocalGateway(String host, int port, Function<String, RuntimeApi> functions, Duration timeout) throws IOException {
        this.functions = functions;
        this.timeout = timeout;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 256);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = ex.getRequestURI().getRawPath();
            byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                write(ex, 413, Map.of("content-type", "application/json"), "{\"message\":\"Request Entity Too Large\"}");
                return;
            }
            for (Route route : ROUTES) {
                Matcher m = route.pattern().matcher(path);
                if (route.method().equals(method) && m.matches()) {
                    invoke(ex, route, m, body);
                    return;
                }
            }
            write(ex, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}");
        }
    }

    private void invoke(HttpExchange ex, Route route, Matcher m, byte[] body) throws IOException {
        String event = event(ex, route, m, body);
        RuntimeApi.Result result;
        try {
            result = functions.apply(route.function()).invoke(event, timeout);
        } catch (TimeoutException e) {
            write(ex, 504, Map.of("content-type", "application/json"), "{\"message\":\"Endpoint request timed out\"}");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(ex, 500, Map.of(), "");
            return;
        }
        if (result.error()) {
            // API Gateway hides a function error behind a bare 500
            write(ex, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
            return;
        }
        JsonNode answer = JSON.readTree(result.body());
        int status = answer.path("statusCode").asInt(200);
        Map<String, String> headers = new java.util.HashMap<>();
        answer.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        String text = answer.path("body").asText("");
        if (answer.path("isBase64Encoded").asBoolean(false)) {
            text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        }
        write(ex, status, headers, text);
    }

    private static String event(HttpExchange ex, Route route, Matcher m, byte[] body) {
        ObjectNode e = JSON.createObjectNode();
        String routeKey = route.method() + " " + route.template();
        String path = ex.getRequestURI().getRawPath();
        e.put("version", "2.0");
        e.put("routeKey", routeKey);
        e.put("rawPath", path);
        e.put("rawQueryString", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
        ObjectNode headers = e.putObject("headers");
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        if (route.paramName() != null) {
            e.putObject("pathParameters").put(route.paramName(), m.group(1));
        }
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", "000000000000");
        ctx.put("apiId", "local");
        ctx.put("domainName", "127.0.0.1");
        ctx.put("requestId", UUID.randomUUID().toString());
        ctx.put("routeKey", routeKey);
        ctx.put("stage", "$default");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        ctx.put("time", CLF.format(now));
        ctx.put("timeEpoch", now.toInstant().toEpochMilli());
        ObjectNode http = ctx.putObject("http");
        http.put("method", route.method());
        http.put("path", path);
        http.put("protocol", ex.getProtocol());
        http.put("sourceIp", ex.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", ex.getRequestHeaders().getFirst("User-Agent"));
        if (body.length > 0) {
            e.put("body", new String(body, StandardCharsets.UTF_8));
        }
        e.put("isBase64Encoded", false);
        return e.toString();
    }

    static void write(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
