package io.flowplane.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.sql.SQLException;
import java.util.stream.Collectors;
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
            return new ApiError(e.code(), e.getMessage(), e.field()).toResponse(e.status());
        }
    }

    static final class BadJson implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            if (BodySizeLimit.causedBy(e)) {
                return BodySizeLimit.error().toResponse(413);
            }
            String field = e instanceof JsonMappingException m ? path(m) : null;
            String message;
            if (e instanceof UnrecognizedPropertyException u) {
                field = path(u);
                message = "unknown field '" + u.getPropertyName() + "'; fields are snake_case, for example gateway_host";
            } else if (e instanceof InvalidFormatException f) {
                message = "expected " + f.getTargetType().getSimpleName().toLowerCase() + " but got '" + f.getValue() + "'";
            } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
                message = "expected " + describe(m.getTargetType());
            } else {
                message = "request body is not valid JSON: " + e.getOriginalMessage();
            }
            String full = field == null || field.isEmpty() ? message : field + ": " + message;
            return new ApiError("invalid_json", full, field == null || field.isEmpty() ? null : field).toResponse(400);
        }

        private static String path(JsonMappingException e) {
            return e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }

        private static String describe(Class<?> type) {
            if (type.isRecord()) {
                return "a JSON object";
            }
            if (java.util.Collection.class.isAssignableFrom(type)) {
                return "a JSON array";
            }
            return type.getSimpleName().toLowerCase();
        }
    }

    static final class WebErrors implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            if (BodySizeLimit.causedBy(e)) {
                return BodySizeLimit.error().toResponse(413);
            }
            int status = e.getResponse().getStatus();
            String code = status == 404 ? "not_found" : status == 405 ? "method_not_allowed"
                    : status == 415 ? "unsupported_media_type" : "http_" + status;
            return new ApiError(code, e.getMessage(), null).toResponse(status);
        }
    }

    static final class DatabaseErrors implements ExceptionMapper<JdbiException> {
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
            LOG.error("unexpected error", e);
            return new ApiError("internal", "internal error; see the server log", null).toResponse(500);
        }
    }
}
