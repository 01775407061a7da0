package io.flowplane.core.controlplane;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Closes Dropwizard's admin tasks ({@code /tasks/*}: garbage collection, log levels): nobody should change a
 * control plane's logging or pause it through an unauthenticated port. Mapped on the admin context.
 */
public final class ClosedAdminTasks implements Filter {
    public static final String PATH = "/tasks/*";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(HttpServletResponse.SC_NOT_FOUND);
        http.setContentType("application/json");
        http.getOutputStream().write("{\"error\":\"not_found\",\"message\":\"admin tasks are disabled\"}"
                .getBytes(StandardCharsets.UTF_8));
    }
}
