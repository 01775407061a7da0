package io.flowplane.api.resources;

import io.flowplane.core.auth.Caller;
import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Function;

/**
 * One kind of team-owned resource addressed by id, and the read, update and delete flow its resources
 * share: find it, check the caller's scope on its team (another team's resource is "not found"), check
 * the expected version, keep id, team and name unchanged, tell a stale version (body: 409, If-Match:
 * 412) from a resource deleted meanwhile (404), and record the audit row in the write's transaction.
 * The resource class supplies only its own checks and its store write.
 */
final class VersionedResource<T> {
    /** What the flow reads of a stored resource. */
    record Identity(String id, String team, String name, long version) {}

    /** A PUT body: a full replacement that may repeat the identity fields but not change them. */
    interface Replacement {
        String id();

        String team();

        String name();

        Long version();

        String createdAt();

        String updatedAt();
    }

    @FunctionalInterface
    interface Lookup<T> {
        Optional<T> find(ConfigStores stores, String id);
    }

    /** The resource's own checks and store write; empty when the row is gone or not at {@code expectedVersion}. */
    @FunctionalInterface
    interface GuardedWrite<T> {
        Optional<T> write(ConfigStores tx, T current, Long expectedVersion);
    }

    private final String auditType;
    private final String label;
    private final Lookup<T> findById;
    private final Function<T, Identity> identity;

    /**
     * @param auditType the audit rows' resource type, e.g. "route_config"
     * @param label how messages name the resource, e.g. "route config"
     */
    VersionedResource(String auditType, String label, Lookup<T> findById, Function<T, Identity> identity) {
        this.auditType = auditType;
        this.label = label;
        this.findById = findById;
        this.identity = identity;
    }

    Response get(ConfigStores reads, Caller caller, String id) {
        T found = findById.find(reads, id).orElseThrow(() -> notFound(id));
        TeamScoped.requireRead(caller, identity.apply(found).team(), describe(id));
        return Responses.ok(found, identity.apply(found).version());
    }

    /** A PUT: the body must say which version it replaces. */
    Response update(ConfigStores primary, Caller caller, String id, String ifMatch, Replacement body, GuardedWrite<T> update) {
        Validate.body(body);
        Validate.timestamp("created_at", body.createdAt());
        Validate.timestamp("updated_at", body.updatedAt());
        T updated = primary.inTransaction(tx -> {
            T current = writable(tx, caller, id, findById);
            ExpectedVersion expected = ExpectedVersion.required(ifMatch, body.version());
            Identity stored = identity.apply(current);
            TeamScoped.unchanged("id", stored.id(), body.id());
            TeamScoped.unchanged("team", stored.team(), body.team());
            TeamScoped.unchanged("name", stored.name(), body.name());
            return recorded(tx, caller, "update", id, expected, update.write(tx, current, expected.value()));
        });
        return Responses.ok(updated, identity.apply(updated).version());
    }

    /**
     * A DELETE, with or without an expected version. {@code lookup} finds the resource first; a resource
     * that refuses deletion while in use locks it there, so that nothing starts using it meanwhile.
     */
    Response delete(ConfigStores primary, Caller caller, String id, String ifMatch, DeleteRequest body, Lookup<T> lookup,
            GuardedWrite<T> delete) {
        ExpectedVersion expected = ExpectedVersion.optional(ifMatch, DeleteRequest.versionOf(body));
        primary.inTransaction(tx -> {
            T current = writable(tx, caller, id, lookup);
            return recorded(tx, caller, "delete", id, expected, delete.write(tx, current, expected.value()));
        });
        return Responses.deleted();
    }

    private T writable(ConfigStores tx, Caller caller, String id, Lookup<T> lookup) {
        T current = lookup.find(tx, id).orElseThrow(() -> notFound(id));
        TeamScoped.requireWrite(caller, identity.apply(current).team(), describe(id));
        return current;
    }

    /** The written resource, audited; or why the guarded write matched no row. */
    private T recorded(ConfigStores tx, Caller caller, String action, String id, ExpectedVersion expected, Optional<T> written) {
        T changed = written.orElseThrow(() -> expected.staleOrGone(
                findById.find(tx, id).map(now -> identity.apply(now).version()), describe(id)));
        Identity audited = identity.apply(changed);
        AuditTrail.record(tx, caller, action, auditType, id, audited.name(), audited.team(), changed);
        return changed;
    }

    private String describe(String id) {
        return label + " " + Echo.quote(id);
    }

    private ApiException notFound(String id) {
        return ApiException.notFound(describe(id));
    }
}
