package io.flowplane.api.testing;

/**
 * Whether anything was written: the configuration revision and the newest audit entry, read through
 * the API. Every committed change bumps one or the other (token changes only the audit log).
 */
public final class WriteWatch {
    public record Mark(long revision, long newestAuditEntry) {}

    private final Api admin;

    public WriteWatch(Api admin) {
        this.admin = admin;
    }

    public Mark mark() {
        Reply revision = admin.get("/api/v1/config/revision");
        Reply audit = admin.get("/api/v1/audit?limit=1");
        if (revision.status() != 200 || audit.status() != 200) {
            throw new AssertionError("cannot read the revision or the audit log: " + revision + " / " + audit);
        }
        return new Mark(revision.json().get("revision").asLong(), audit.json().path(0).path("id").asLong(0));
    }
}
