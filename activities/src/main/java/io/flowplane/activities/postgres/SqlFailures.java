package io.flowplane.activities.postgres;

import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Set;

/** Turns a PostgreSQL error into a Temporal failure: retryable unless retrying cannot help. */
final class SqlFailures {
    private static final Set<String> HOPELESS = Set.of(
            "28000", "28P01", // authentication: the configuration is wrong
            "42501",          // insufficient privilege: pg_promote / ALTER SYSTEM need a superuser-like role
            "3D000");         // database does not exist

    private SqlFailures() {}

    static ApplicationFailure of(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = what + ": " + e.getMessage();
        if (state.equals("42P01")) {
            return ApplicationFailure.newNonRetryableFailure(message + " (no Flowplane schema)", "SchemaMissing");
        }
        if (HOPELESS.contains(state)) {
            return ApplicationFailure.newNonRetryableFailure(message, "DatabaseRefused");
        }
        if (state.startsWith("08") || state.isEmpty()) {
            return ApplicationFailure.newFailure(message, "DatabaseUnreachable");
        }
        return ApplicationFailure.newFailure(message, "DatabaseError");
    }
}
