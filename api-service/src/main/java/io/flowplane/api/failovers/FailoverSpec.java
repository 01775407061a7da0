package io.flowplane.api.failovers;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.api.errors.SafeText;
import io.flowplane.workflows.activity.RegionalTopology;
import io.flowplane.workflows.aurora.AuroraFailoverWorkflow;
import io.flowplane.workflows.aurora.AuroraRequest;
import io.flowplane.workflows.aurora.AuroraSwitchoverWorkflow;
import io.flowplane.workflows.controlplane.DatabaseUrlRotationWorkflow;
import io.flowplane.workflows.dns.ControlPlaneDnsWorkflow;
import io.flowplane.workflows.dns.DnsFailoverRequest;
import io.flowplane.workflows.controlplane.RollingRestartRequest;
import io.flowplane.workflows.controlplane.RollingRestartWorkflow;
import io.flowplane.workflows.controlplane.RotationRequest;
import io.flowplane.workflows.failover.FailoverMode;
import io.flowplane.workflows.failover.FailoverRequest;
import io.flowplane.workflows.failover.PostgresFailoverWorkflow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /api/v1/failovers} body: which workflow, on which cluster, with what input.
 * Every refusal names the field, as {@code options.promote} and the like.
 */
record FailoverSpec(String kind, String target, String workflowType, Object input, boolean dryRun, String summary) {
    static final Map<String, String> WORKFLOW_TYPES = Map.of(
            PostgresFailoverWorkflow.KIND, "PostgresFailoverWorkflow",
            DatabaseUrlRotationWorkflow.KIND, "DatabaseUrlRotationWorkflow",
            RollingRestartWorkflow.KIND, "RollingRestartWorkflow",
            AuroraSwitchoverWorkflow.KIND, "AuroraSwitchoverWorkflow",
            AuroraFailoverWorkflow.KIND, "AuroraFailoverWorkflow",
            ControlPlaneDnsWorkflow.KIND, "ControlPlaneDnsWorkflow");
    /** The kinds that wait for someone to accept a data loss; the others refuse an approval. */
    static final Set<String> APPROVABLE = Set.of(PostgresFailoverWorkflow.KIND, AuroraFailoverWorkflow.KIND);
    /** The kinds that stop before their point of no return when asked. */
    static final Set<String> ABORTABLE = Set.of(PostgresFailoverWorkflow.KIND, AuroraSwitchoverWorkflow.KIND, AuroraFailoverWorkflow.KIND);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]{0,62}[A-Za-z0-9])?");
    private static final Set<String> FAILOVER_OPTIONS =
            Set.of("promote", "mode", "dry_run", "drain_seconds", "approval_timeout_seconds", "replay_timeout_seconds", "prefer_region",
                    "max_lag_bytes");
    private static final Set<String> AURORA_SWITCHOVER_OPTIONS = Set.of("promote", "dry_run", "drain_seconds", "writer_timeout_seconds");
    private static final Set<String> AURORA_FAILOVER_OPTIONS =
            Set.of("promote", "dry_run", "drain_seconds", "writer_timeout_seconds", "approval_timeout_seconds");
    private static final Set<String> DNS_OPTIONS = Set.of("to", "drain_seconds", "reconnect_timeout_seconds");
    private static final Set<String> ROTATION_OPTIONS = Set.of("to", "rollback_to", "control_planes");
    private static final Set<String> RESTART_OPTIONS = Set.of("drain_seconds", "control_planes");

    static FailoverSpec parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "missing_body", "request body is required: {kind, target, options}", null);
        }
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!Set.of("kind", "target", "options").contains(field)) {
                throw ApiException.invalid(field, "unknown field; the body is {kind, target, options}");
            }
        }
        String kind = text(body, "kind", "kind", true);
        if (!WORKFLOW_TYPES.containsKey(kind)) {
            throw ApiException.invalid("kind", Echo.quote(kind) + " is not one of " + WORKFLOW_TYPES.keySet().stream().sorted().toList());
        }
        String target = name(text(body, "target", "target", true), "target");
        JsonNode options = body.path("options");
        if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
            throw ApiException.invalid("options", "must be a JSON object");
        }
        return switch (kind) {
            case PostgresFailoverWorkflow.KIND -> failover(target, options);
            case DatabaseUrlRotationWorkflow.KIND -> rotation(target, options);
            case AuroraSwitchoverWorkflow.KIND -> aurora(AuroraSwitchoverWorkflow.KIND, target, options, AURORA_SWITCHOVER_OPTIONS);
            case AuroraFailoverWorkflow.KIND -> aurora(AuroraFailoverWorkflow.KIND, target, options, AURORA_FAILOVER_OPTIONS);
            case ControlPlaneDnsWorkflow.KIND -> dns(target, options);
            default -> restart(target, options);
        };
    }

    private static FailoverSpec failover(String target, JsonNode options) {
        allowOnly(options, FAILOVER_OPTIONS);
        String promoteText = text(options, "promote", "options.promote", false);
        String promote = promoteText == null ? null : name(promoteText, "options.promote");
        String preferRegion = text(options, "prefer_region", "options.prefer_region", false);
        if (preferRegion != null && promote != null) {
            throw ApiException.invalid("options.prefer_region", "only when options.promote is omitted: preflight then chooses");
        }
        if (preferRegion != null && !RegionalTopology.REGION_NAME.matcher(preferRegion).matches()) {
            throw ApiException.invalid("options.prefer_region", Echo.quote(preferRegion) + " is not a region of the clusters file's form, as eu-west");
        }
        String modeText = text(options, "mode", "options.mode", false);
        FailoverMode mode;
        if (modeText == null || modeText.equals("planned")) {
            mode = FailoverMode.PLANNED;
        } else if (modeText.equals("unplanned")) {
            mode = FailoverMode.UNPLANNED;
        } else {
            throw ApiException.invalid("options.mode", Echo.quote(modeText) + " is not planned or unplanned");
        }
        boolean dryRun = bool(options, "dry_run");
        int drain = integer(options, "drain_seconds", 5, 0, 600);
        int approvalTimeout = integer(options, "approval_timeout_seconds", 0, 0, 7 * 24 * 3600);
        int replayTimeout = integer(options, "replay_timeout_seconds", 0, 0, 3600);
        int maxLag = integer(options, "max_lag_bytes", 0, 1, Integer.MAX_VALUE);
        if (maxLag != 0 && mode != FailoverMode.UNPLANNED) {
            throw ApiException.invalid("options.max_lag_bytes", "only for mode unplanned: a planned failover waits for the target to catch up");
        }
        FailoverRequest request = new FailoverRequest(target, promote, mode, dryRun, drain, approvalTimeout, replayTimeout, preferRegion, maxLag);
        String summary = (dryRun ? "dry run of " : "") + mode.name().toLowerCase() + " failover of " + target + " to "
                + (promote != null ? promote : "the member preflight chooses" + (preferRegion == null ? "" : ", in " + preferRegion + " if it can"));
        return new FailoverSpec(PostgresFailoverWorkflow.KIND, target, WORKFLOW_TYPES.get(PostgresFailoverWorkflow.KIND),
                request, dryRun, summary);
    }

    private static FailoverSpec aurora(String kind, String target, JsonNode options, Set<String> allowed) {
        allowOnly(options, allowed);
        String promote = name(text(options, "promote", "options.promote", true), "options.promote");
        boolean dryRun = bool(options, "dry_run");
        int drain = integer(options, "drain_seconds", 5, 0, 600);
        int approvalTimeout = integer(options, "approval_timeout_seconds", 0, 0, 7 * 24 * 3600);
        int writerTimeout = integer(options, "writer_timeout_seconds", 0, 0, 24 * 3600);
        AuroraRequest request = new AuroraRequest(target, promote, dryRun, drain, approvalTimeout, writerTimeout);
        String what = kind.equals(AuroraSwitchoverWorkflow.KIND) ? "Aurora switchover" : "Aurora failover (allowing data loss)";
        String summary = (dryRun ? "dry run of " : "") + what + " of " + target + ": writer to " + promote;
        return new FailoverSpec(kind, target, WORKFLOW_TYPES.get(kind), request, dryRun, summary);
    }

    private static FailoverSpec dns(String target, JsonNode options) {
        allowOnly(options, DNS_OPTIONS);
        String to = text(options, "to", "options.to", true);
        if (!to.matches("https?://[^\\s/]+/*")) {
            throw ApiException.invalid("options.to", "must be a control plane's admin base URL, such as http://xds-eu:8091");
        }
        String base = to.replaceAll("/+$", "");
        int drain = integer(options, "drain_seconds", 5, 0, 600);
        int reconnect = integer(options, "reconnect_timeout_seconds", 0, 0, 3600);
        return new FailoverSpec(ControlPlaneDnsWorkflow.KIND, target, WORKFLOW_TYPES.get(ControlPlaneDnsWorkflow.KIND),
                new DnsFailoverRequest(target, base, drain, reconnect), false, "DNS of the control plane of " + target + " to " + base);
    }

    private static FailoverSpec rotation(String target, JsonNode options) {
        allowOnly(options, ROTATION_OPTIONS);
        String to = name(text(options, "to", "options.to", true), "options.to");
        String rollbackTo = text(options, "rollback_to", "options.rollback_to", false);
        RotationRequest request = new RotationRequest(target, to,
                rollbackTo == null ? null : name(rollbackTo, "options.rollback_to"), urls(options, "control_planes"));
        return new FailoverSpec(DatabaseUrlRotationWorkflow.KIND, target, WORKFLOW_TYPES.get(DatabaseUrlRotationWorkflow.KIND),
                request, false, "database URL rotation of " + target + " to " + to);
    }

    private static FailoverSpec restart(String target, JsonNode options) {
        allowOnly(options, RESTART_OPTIONS);
        int drain = integer(options, "drain_seconds", 5, 0, 600);
        RollingRestartRequest request = new RollingRestartRequest(target, urls(options, "control_planes"), drain);
        return new FailoverSpec(RollingRestartWorkflow.KIND, target, WORKFLOW_TYPES.get(RollingRestartWorkflow.KIND),
                request, false, "rolling restart of the control planes of " + target);
    }

    private static void allowOnly(JsonNode options, Set<String> allowed) {
        if (!options.isObject()) {
            return;
        }
        for (Iterator<String> fields = options.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!allowed.contains(field)) {
                throw ApiException.invalid("options." + field, "unknown option; allowed: " + allowed.stream().sorted().toList());
            }
        }
    }

    private static String text(JsonNode node, String key, String field, boolean required) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                throw ApiException.invalid(field, "is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiException.invalid(field, "must be a non-empty string");
        }
        SafeText.problemInText(value.asText()).ifPresent(problem -> {
            throw ApiException.invalid(field, problem);
        });
        return value.asText();
    }

    private static String name(String value, String field) {
        if (!NAME.matcher(value).matches()) {
            throw ApiException.invalid(field, Echo.quote(value) + " must be 1-64 letters, digits, '.', '-' or '_'");
        }
        return value;
    }

    private static boolean bool(JsonNode options, String key) {
        JsonNode value = options.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiException.invalid("options." + key, "must be true or false");
        }
        return value.asBoolean();
    }

    private static int integer(JsonNode options, String key, int fallback, int min, int max) {
        JsonNode value = options.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        // canConvertToLong first: asLong() wraps 2^64 + 5 around to 5.
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw ApiException.invalid("options." + key, "must be an integer between " + min + " and " + max);
        }
        return value.asInt();
    }

    private static List<String> urls(JsonNode options, String key) {
        JsonNode value = options.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ApiException.invalid("options." + key, "must be an array of admin base URLs");
        }
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode url = value.get(i);
            if (!url.isTextual() || !url.asText().matches("https?://[^\\s]+") || SafeText.problemInText(url.asText()).isPresent()) {
                throw ApiException.invalid("options." + key + "[" + i + "]", "must be an http(s) URL");
            }
            urls.add(url.asText());
        }
        return urls;
    }
}
