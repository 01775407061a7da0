package io.flowplane.activities.postgres;

import io.flowplane.core.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Who streams from whom: the settings a failover changes to bring the surviving replicas along, and what it reads back. */
final class Replication {
    private Replication() {}

    /** The value of synchronous_standby_names that makes commits wait for the first of {@code standbys}, or for none. */
    static String synchronousStandbyNames(List<String> standbys) {
        if (standbys.isEmpty()) {
            return "";
        }
        // Names with dashes (us-east-2) must be quoted identifiers.
        return "FIRST 1 (" + standbys.stream().map(name -> "\"" + name.replace("\"", "\"\"") + "\"")
                .collect(Collectors.joining(", ")) + ")";
    }

    /** libpq connection string to the primary as its admin URL gives it, naming the replica {@code applicationName}. */
    static String primaryConninfo(DatabaseUrl primary, String applicationName) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("host", primary.host());
        parts.put("port", Integer.toString(primary.port()));
        if (primary.user() != null) {
            parts.put("user", primary.user());
        }
        if (primary.password() != null) {
            parts.put("password", primary.password());
        }
        parts.put("application_name", applicationName);
        return parts.entrySet().stream()
                .map(e -> e.getKey() + "='" + e.getValue().replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(" "));
    }

    /** application_name -> sync_state of the replicas streaming from this primary. */
    static Map<String, String> streaming(Connection primary) throws SQLException {
        Map<String, String> states = new LinkedHashMap<>();
        try (Statement s = primary.createStatement();
                ResultSet rs = s.executeQuery("SELECT application_name, sync_state FROM pg_stat_replication WHERE state = 'streaming'")) {
            while (rs.next()) {
                states.put(rs.getString(1), rs.getString(2));
            }
        }
        return states;
    }
}
