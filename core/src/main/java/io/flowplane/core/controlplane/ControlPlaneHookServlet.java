package io.flowplane.core.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.model.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Map;

/**
 * The control-plane hooks on a service's admin port, under /control-plane: status, database
 * switch, restart. Authenticated with FLOWPLANE_ADMIN_TOKEN rather than API tokens, because during
 * a failover the database holding API tokens may be fenced or gone.
 */
public final class ControlPlaneHookServlet extends HttpServlet {
    private static final ObjectMapper JSON = Json.mapper();
    private static final int MAX_BODY = 64 * 1024;

    private final transient ControlPlaneHooks hooks;
    private final String adminToken;

    public ControlPlaneHookServlet(ControlPlaneHooks hooks, String adminToken) {
        this.hooks = hooks;
        this.adminToken = adminToken == null ? "" : adminToken;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!authorized(request, response)) {
            return;
        }
        if ("/status".equals(request.getPathInfo())) {
            write(response, 200, hooks.status());
        } else if ("/dataplanes".equals(request.getPathInfo())) {
            write(response, 200, Map.of("nodes", hooks.connectedNodes()));
        } else {
            error(response, 404, "not_found", "GET /control-plane/status or /control-plane/dataplanes");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!authorized(request, response)) {
            return;
        }
        JsonNode body;
        try {
            byte[] bytes = request.getInputStream().readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                error(response, 413, "too_large", "body is larger than " + MAX_BODY + " bytes");
                return;
            }
            body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            error(response, 400, "invalid_json", "request body is not valid JSON");
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (path) {
            case "/database" -> switchDatabase(body, response);
            case "/restart" -> restart(body, response);
            default -> error(response, 404, "not_found", "POST /control-plane/database or /control-plane/restart");
        }
    }

    private void switchDatabase(JsonNode body, HttpServletResponse response) throws IOException {
        String url;
        String readUrl;
        try {
            url = databaseUrl(body, "url", true);
            readUrl = databaseUrl(body, "read_url", false);
        } catch (IllegalArgumentException e) {
            error(response, 400, "invalid_field", e.getMessage());
            return;
        }
        try {
            write(response, 200, hooks.switchDatabase(url, readUrl));
        } catch (SQLException e) {
            error(response, 503, "database_unreachable",
                    "nothing switched: " + DatabaseUrl.parse(url).describe() + " did not answer: " + e.getMessage());
        } catch (Exception e) {
            error(response, 500, "internal", "switch failed: " + e.getMessage());
        }
    }

    /** The field's URL, checked; null when an optional one is absent. Throws naming the field otherwise. */
    private static String databaseUrl(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + ": is required, for example postgresql://user:pass@host:5432/flowplane");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + ": must be a database URL");
        }
        try {
            DatabaseUrl.parse(value.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
        return value.asText();
    }

    private void restart(JsonNode body, HttpServletResponse response) throws IOException {
        JsonNode drain = body.get("drain_seconds");
        int drainSeconds = 0;
        if (drain != null) {
            if (!drain.canConvertToInt() || drain.asInt() < 0 || drain.asInt() > 600) {
                error(response, 400, "invalid_field", "drain_seconds: must be an integer between 0 and 600");
                return;
            }
            drainSeconds = drain.asInt();
        }
        hooks.restart(drainSeconds);
        write(response, 202, hooks.status());
    }

    private boolean authorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (adminToken.isEmpty()) {
            error(response, 503, "hooks_disabled", "FLOWPLANE_ADMIN_TOKEN is not set; control-plane hooks are disabled");
            return false;
        }
        String header = request.getHeader("Authorization");
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), adminToken.getBytes(StandardCharsets.UTF_8))) {
            error(response, 401, "unauthorized", "send 'Authorization: Bearer <FLOWPLANE_ADMIN_TOKEN>'");
            return false;
        }
        return true;
    }

    private static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        write(response, status, Map.of("error", code, "message", message));
    }

    private static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
