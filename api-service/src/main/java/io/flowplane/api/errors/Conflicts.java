package io.flowplane.api.errors;

/** Names the field behind a unique-key violation, for creates that raced past the API's own checks. */
final class Conflicts {
    private Conflicts() {}

    static ApiError duplicate(String constraint, String detail) {
        if ("listeners_port_per_dataplane".equals(constraint)) {
            return new ApiError("conflict", "this address and port are already used by another listener on the same dataplane ("
                    + detail + ")", "port");
        }
        if (constraint != null && (constraint.endsWith("_team_name_key") || constraint.equals("teams_pkey"))) {
            return new ApiError("conflict", "the name is already taken (" + detail + ")", "name");
        }
        return new ApiError("conflict", "a resource with the same unique key already exists (" + detail + ")", null);
    }
}
