package io.flowplane.api.checks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowplane.api.errors.ApiError;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * A malformed or repeated Content-Type is a 400 naming it. This is a servlet filter because Jersey's
 * servlet refuses such a request before any Jersey filter or exception mapper runs, with a bare 400.
 */
public class ContentTypeCheck implements Filter {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        List<String> values = Collections.list(((HttpServletRequest) request).getHeaders(HttpHeaders.CONTENT_TYPE));
        String problem = values.size() > 1 ? "is given " + values.size() + " times; give it once" : values.isEmpty() ? null : problem(values.get(0));
        if (problem == null) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(400);
        http.setContentType(MediaType.APPLICATION_JSON);
        JSON.writeValue(http.getOutputStream(), new ApiError("invalid_header", HttpHeaders.CONTENT_TYPE + ": " + problem,
                HttpHeaders.CONTENT_TYPE));
    }

    /** Parsed as Jersey parses it. */
    private static String problem(String contentType) {
        try {
            MediaType.valueOf(contentType);
            return null;
        } catch (IllegalArgumentException e) {
            return "is not a media type; send the body as application/json";
        }
    }
}
