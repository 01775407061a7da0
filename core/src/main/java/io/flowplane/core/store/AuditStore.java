package io.flowplane.core.store;

import io.flowplane.core.model.AuditEntry;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** The audit log. Record changes through a store built on the change's own transaction. */
public final class AuditStore {
    /** One change: who made it, and the resource it touched ({@code detail} is serialised as JSON). */
    public record Change(String tokenId, String tokenName, String action, String resourceType, String resourceId,
            String resourceName, String team, Object detail) {}

    /** Filters for {@link #list}; null means any. {@code teams} null means every team and team-less entries. */
    public record Filter(List<String> teams, String resourceType, String resourceId, int limit) {}

    private static final RowMapper<AuditEntry> MAPPER = (rs, ctx) -> new AuditEntry(
            rs.getLong("id"),
            Rows.instant(rs, "at"),
            rs.getString("token_id"),
            rs.getString("token_name"),
            rs.getString("action"),
            rs.getString("resource_type"),
            rs.getString("resource_id"),
            rs.getString("resource_name"),
            rs.getString("team"),
            JsonColumns.tree(rs.getString("detail")));

    private final HandleSource db;

    public AuditStore(Jdbi jdbi) {
        this.db = HandleSource.of(jdbi);
    }

    public AuditStore(Handle handle) {
        this.db = HandleSource.of(handle);
    }

    public void record(Change change) {
        db.with(h -> h.createUpdate("""
                        INSERT INTO audit_log (token_id, token_name, action, resource_type, resource_id, resource_name, team, detail)
                        VALUES (:token_id, :token_name, :action, :resource_type, :resource_id, :resource_name, :team,
                                CAST(:detail AS jsonb))""")
                .bind("token_id", change.tokenId())
                .bind("token_name", change.tokenName())
                .bind("action", change.action())
                .bind("resource_type", change.resourceType())
                .bind("resource_id", change.resourceId())
                .bind("resource_name", change.resourceName())
                .bind("team", change.team())
                .bind("detail", change.detail() == null ? null : JsonColumns.write(change.detail()))
                .execute());
    }

    /** Newest first. */
    public List<AuditEntry> list(Filter filter) {
        return db.with(h -> {
            Query query = h.createQuery("""
                            SELECT * FROM audit_log
                            WHERE (CAST(:all_teams AS boolean) OR team = ANY(:teams))
                              AND (CAST(:resource_type AS text) IS NULL OR resource_type = :resource_type)
                              AND (CAST(:resource_id AS text) IS NULL OR resource_id = :resource_id)
                            ORDER BY id DESC LIMIT :limit""")
                    .bind("all_teams", filter.teams() == null)
                    .bindArray("teams", String.class, filter.teams() == null ? List.of() : filter.teams())
                    .bind("resource_type", filter.resourceType())
                    .bind("resource_id", filter.resourceId())
                    .bind("limit", filter.limit());
            return query.map(MAPPER).list();
        });
    }
}
