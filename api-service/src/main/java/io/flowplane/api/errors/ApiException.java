package io.flowplane.api.errors;

import jakarta.ws.rs.core.Response;

/** A request Flowplane refuses, with the HTTP status, a stable code, and the field at fault. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid_field", field + ": " + message, field);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found", null);
    }

    /** A body field that names something missing (or hidden from the caller). */
    public static ApiException notFound(String field, String what) {
        return new ApiException(404, "not_found", what + " not found", field);
    }

    public static ApiException conflict(String message, String field) {
        return new ApiException(409, "conflict", message, field);
    }

    public static ApiException unprocessable(String field, String message) {
        return new ApiException(422, "unknown_reference", field + ": " + message, field);
    }

    public Response toResponse() {
        return new ApiError(code, getMessage(), field).toResponse(status);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
