package io.flowplane.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.core.model.DataplaneCredential;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dataplanes.credentials}, written field by field: the model hides the hash from JSON
 * answers, and the column must keep it.
 */
final class CredentialColumn {
    private CredentialColumn() {}

    static String write(List<DataplaneCredential> credentials) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DataplaneCredential credential : credentials) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", credential.id());
            row.put("sha256", credential.sha256());
            row.put("created_at", credential.createdAt().toString());
            row.put("expires_at", credential.expiresAt() == null ? null : credential.expiresAt().toString());
            rows.add(row);
        }
        return JsonColumns.write(rows);
    }

    /** None when the schema predates the column (a reader started before the migration ran). */
    static List<DataplaneCredential> read(ResultSet rs) throws SQLException {
        int column;
        try {
            column = rs.findColumn("credentials");
        } catch (SQLException e) {
            return List.of();
        }
        JsonNode rows = JsonColumns.tree(rs.getString(column));
        if (rows == null) {
            return List.of();
        }
        List<DataplaneCredential> credentials = new ArrayList<>();
        for (JsonNode row : rows) {
            JsonNode expiresAt = row.path("expires_at");
            credentials.add(new DataplaneCredential(row.path("id").asText(), row.path("sha256").asText(),
                    Instant.parse(row.path("created_at").asText()),
                    expiresAt.isNull() || expiresAt.isMissingNode() ? null : Instant.parse(expiresAt.asText())));
        }
        return credentials;
    }
}
