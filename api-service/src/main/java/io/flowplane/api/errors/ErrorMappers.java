package io.flowplane.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.EOFException;
import java.sql.SQLException;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.glassfish.jersey.server.ParamException;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into a JSON {@link ApiError}; nothing a user sends produces a 500. */
public final class ErrorMappers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private ErrorMappers() {}

    public static Object[] all() {
        return new Object[] {new ApiExceptions(), new BadJson(), new WebErrors(), new DatabaseErrors(), new TooLarge(), new Unexpected()};
    }

    static final class ApiExceptions implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            return e.toResponse();
        }
    }

    static final class BadJson implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            if (BodySizeLimit.causedBy(e)) {
                return BodySizeLimit.error().toResponse(413);
            }
            String field = JsonProblem.field(e);
            String message = JsonProblem.message(e);
            return new ApiError("invalid_json", field == null ? message : field + ": " + message, field).toResponse(400);
        }
    }

    static final class WebErrors implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            if (BodySizeLimit.causedBy(e)) {
                return BodySizeLimit.error().toResponse(413);
            }
            if (e instanceof ParamException p) {
                return ApiException.invalid(p.getParameterName(), "is not a value this parameter takes").toResponse();
            }
            int status = e.getResponse().getStatus();
            return switch (status) {
                case 404 -> new ApiError("not_found", "no such endpoint; the API is described at /api/v1/openapi.json", null)
                        .toResponse(status);
                case 405 -> new ApiError("method_not_allowed", "this path does not take that method; it takes "
                        + String.join(", ", e.getResponse().getAllowedMethods().stream().sorted().toList()), null).toResponse(status);
                case 406 -> new ApiError("not_acceptable", "Accept: this endpoint answers application/json "
                        + "(the Envoy bootstrap also application/yaml)", HttpHeaders.ACCEPT).toResponse(status);
                case 415 -> new ApiError("unsupported_media_type", "Content-Type: send the body as application/json",
                        HttpHeaders.CONTENT_TYPE).toResponse(status);
                default -> new ApiError("http_" + status, e.getMessage(), null).toResponse(status);
            };
        }
    }

    static final class DatabaseErrors implements ExceptionMapper<JdbiException> {
        /** Input the database refused; the API's own checks should have named the field first. */
        private static final Map<String, String> INVALID_INPUT_STATES = Map.of(
                "22021", "a text value holds a character the database cannot store (such as NUL)",
                "22P05", "a text value holds a character the database cannot store (such as NUL)",
                "22001", "a text value is longer than the database allows",
                "22003", "a number is out of range",
                "54000", "a value is too large for the database to index");

        @Override
        public Response toResponse(JdbiException e) {
            SQLException sql = findSql(e);
            String state = sql == null ? null : sql.getSQLState();
            if ("23505".equals(state)) {
                return Conflicts.duplicate(constraint(sql), detail(sql)).toResponse(409);
            }
            if ("23503".equals(state)) {
                return new ApiError("conflict", "a reference changed concurrently: " + detail(sql), null).toResponse(409);
            }
            if ("40001".equals(state) || "40P01".equals(state)) {
                return new ApiError("conflict", "a concurrent change got in the way; retry the request", null).toResponse(409);
            }
            if (state != null && INVALID_INPUT_STATES.containsKey(state)) {
                return new ApiError("invalid_input", INVALID_INPUT_STATES.get(state), null).toResponse(400);
            }
            if ("25006".equals(state)) {
                return new ApiError("read_only", "the database is read-only (a replica or fenced primary); writes are refused", null)
                        .toResponse(503);
            }
            // 08: connection failures; 57P: the server ended the session (a failover's fence, a restart).
            if ((state != null && (state.startsWith("08") || state.startsWith("57P")))
                    || sql instanceof java.sql.SQLTransientConnectionException) {
                return new ApiError("database_unavailable", "the database cannot be reached; retry later", null).toResponse(503);
            }
            LOG.error("database error", e);
            return new ApiError("internal", "internal database error; see the server log", null).toResponse(500);
        }

        private static String constraint(SQLException sql) {
            return sql instanceof PSQLException p && p.getServerErrorMessage() != null
                    ? p.getServerErrorMessage().getConstraint() : null;
        }

        private static String detail(SQLException sql) {
            if (sql instanceof PSQLException p && p.getServerErrorMessage() != null
                    && p.getServerErrorMessage().getDetail() != null) {
                return p.getServerErrorMessage().getDetail();
            }
            return "see the resource's current state";
        }

        private static SQLException findSql(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof SQLException s) {
                    return s;
                }
            }
            return null;
        }
    }

    /** Jersey wraps what a body reader throws; unwrap the size limit. */
    static final class TooLarge implements ExceptionMapper<BodySizeLimit.TooLarge> {
        @Override
        public Response toResponse(BodySizeLimit.TooLarge e) {
            return BodySizeLimit.error().toResponse(413);
        }
    }

    static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            if (BodySizeLimit.causedBy(e)) {
                return BodySizeLimit.error().toResponse(413);
            }
            for (Throwable c = e; c != null; c = c.getCause()) {
                // Jetty's verdict on the request itself, met while reading the body: a bad chunk, an early end.
                if (c instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                    return new ApiError("bad_request", "the request body could not be read: " + http.getReason(), null)
                            .toResponse(http.getCode());
                }
                if (c instanceof EOFException) {
                    return new ApiError("bad_request", "the request body ended before its declared length", null).toResponse(400);
                }
            }
            LOG.error("unexpected error", e);
            return new ApiError("internal", "internal error; see the server log", null).toResponse(500);
        }
    }
}
