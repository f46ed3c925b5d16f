package io.couponflow.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.api.ApiError;
import io.couponflow.core.api.ErrorCode;

import java.io.IOException;
import java.util.Map;

/** Reads a request body as a JSON object within a size limit; every failure is an {@link ApiError}. */
public final class JsonBodies {
    private final ObjectMapper json;

    public JsonBodies(ObjectMapper json) {
        // numbers stay as written (no silent rounding of ids or timestamps)
        this.json = json.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The parsed object, or the error to answer with. */
    public sealed interface Parsed permits Ok, Failed {
    }

    public record Ok(Map<String, Object> object) implements Parsed {
    }

    public record Failed(ApiError error) implements Parsed {
    }

    public Parsed object(ApiRequest request, int maxBytes) {
        if (!request.jsonContent()) {
            return new Failed(new ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send Content-Type: application/json", "content-type"));
        }
        if (request.body().length > maxBytes) {
            return new Failed(ApiError.of(ErrorCode.BODY_TOO_LARGE,
                    "body is " + request.body().length + " bytes; the limit is " + maxBytes));
        }
        if (request.body().length == 0) {
            return new Failed(ApiError.of(ErrorCode.INVALID_JSON, "body is empty; a JSON object is expected"));
        }
        Object value;
        try {
            value = json.readValue(request.body(), Object.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return new Failed(ApiError.of(ErrorCode.INVALID_JSON, "body is not valid JSON" + where));
        } catch (IOException e) {
            return new Failed(ApiError.of(ErrorCode.INVALID_JSON, "body could not be read"));
        }
        if (!(value instanceof Map<?, ?> map)) {
            return new Failed(ApiError.of(ErrorCode.INVALID_JSON, "body must be a JSON object"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return new Ok(object);
    }
}
