package io.flowplane.api.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request the API would accept for one operation (path and query values already percent-encoded,
 * headers, body), from which each hostile variant changes exactly one thing.
 */
public record RequestTemplate(ApiOperation operation, Map<String, String> pathValues, Map<String, String> queryValues,
        List<String[]> headers, byte[] body, boolean chunked) {

    public String target() {
        String path = operation.path();
        for (Map.Entry<String, String> value : pathValues.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> value : queryValues.entrySet()) {
            query.append(query.length() == 0 ? '?' : '&').append(value.getKey()).append('=').append(value.getValue());
        }
        return path + query;
    }

    public RequestTemplate withPath(String name, String encodedValue) {
        Map<String, String> values = new LinkedHashMap<>(pathValues);
        values.put(name, encodedValue);
        return new RequestTemplate(operation, values, queryValues, headers, body, chunked);
    }

    public RequestTemplate withQuery(String name, String encodedValue) {
        Map<String, String> values = new LinkedHashMap<>(queryValues);
        values.put(name, encodedValue);
        return new RequestTemplate(operation, pathValues, values, headers, body, chunked);
    }

    /** Replaces the header (or adds it); a null value removes it. */
    public RequestTemplate withHeader(String name, String value) {
        List<String[]> changed = new ArrayList<>();
        for (String[] header : headers) {
            if (!header[0].equalsIgnoreCase(name)) {
                changed.add(header);
            }
        }
        if (value != null) {
            changed.add(new String[] {name, value});
        }
        return new RequestTemplate(operation, pathValues, queryValues, changed, body, chunked);
    }

    public RequestTemplate withBody(byte[] newBody) {
        return new RequestTemplate(operation, pathValues, queryValues, headers, newBody, chunked);
    }

    public RequestTemplate withBody(String json) {
        return withBody(json.getBytes(StandardCharsets.UTF_8));
    }

    public RequestTemplate sentChunked() {
        return new RequestTemplate(operation, pathValues, queryValues, headers, body, true);
    }

    public RawHttp.Request request() {
        return new RawHttp.Request(operation.method(), target(), headers, body, chunked);
    }
}
