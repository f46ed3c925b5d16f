package io.couponflow.common.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Matches a path against {@code /prefix/{param}} and decodes the parameter. */
public final class PathParams {
    private PathParams() {
    }

    /** The decoded last segment when {@code path} is {@code prefix + "/" + segment}, with no further slash. */
    public static Optional<String> tail(String path, String prefix) {
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        if (!path.startsWith(p) || path.length() == p.length()) {
            return Optional.empty();
        }
        String rest = path.substring(p.length());
        if (rest.contains("/")) {
            return Optional.empty();
        }
        try {
            return Optional.of(URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException badEscape) {
            return Optional.empty();
        }
    }
}
