package io.couponflow.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of an API Gateway HTTP API (payload 2.0) request that the handlers use, with header
 * names in lower case and the body decoded.
 */
public record ApiRequest(String method, String path, Map<String, String> headers, byte[] body, String requestId) {

    public static ApiRequest from(APIGatewayV2HTTPEvent event) {
        String method = null;
        String path = event.getRawPath();
        String requestId = null;
        APIGatewayV2HTTPEvent.RequestContext ctx = event.getRequestContext();
        if (ctx != null) {
            requestId = ctx.getRequestId();
            if (ctx.getHttp() != null) {
                method = ctx.getHttp().getMethod();
                if (path == null) {
                    path = ctx.getHttp().getPath();
                }
            }
        }
        if (method == null && event.getRouteKey() != null && event.getRouteKey().contains(" ")) {
            method = event.getRouteKey().substring(0, event.getRouteKey().indexOf(' '));
        }
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        byte[] body = new byte[0];
        if (event.getBody() != null) {
            body = event.getIsBase64Encoded()
                    ? Base64.getMimeDecoder().decode(event.getBody())
                    : event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        return new ApiRequest(method == null ? "" : method.toUpperCase(Locale.ROOT), path == null ? "/" : path,
                Map.copyOf(headers), body, requestId == null ? "local" : requestId);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** True when the content type is JSON (any charset parameter accepted). */
    public boolean jsonContent() {
        String type = header("content-type");
        return type != null && type.toLowerCase(Locale.ROOT).trim().startsWith("application/json");
    }
}
