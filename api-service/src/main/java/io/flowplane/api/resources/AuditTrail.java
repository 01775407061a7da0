package io.flowplane.api.resources;

import io.flowplane.core.auth.Caller;
import io.flowplane.core.store.AuditStore;

/** Records a change in the audit log, inside the change's own transaction. */
final class AuditTrail {
    private AuditTrail() {}

    static void record(ConfigStores tx, Caller caller, String action, String resourceType, String resourceId,
            String resourceName, String team, Object detail) {
        tx.audit().record(new AuditStore.Change(caller.tokenId(), caller.tokenName(), action, resourceType, resourceId,
                resourceName, team, detail));
    }
}
