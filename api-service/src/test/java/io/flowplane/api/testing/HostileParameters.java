package io.flowplane.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.api.testing.HostileCase.Culprit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hostile path and query parameters for one operation: encoded slashes and dots, NUL and control
 * characters, invalid UTF-8, very long values, ids of another kind or another team; for query
 * parameters also values outside the documented type, range or enum, repeats and unknown names.
 */
public final class HostileParameters {
    static final String UNKNOWN_PARAMETER = "hostile_unknown_param";
    /** A path value that names nothing is refused as invalid, or not found. */
    private static final Set<Integer> INVALID_OR_NOT_FOUND = Set.of(400, 404);
    /** Another team's resource, or an id of another kind, is not found exactly like a missing one (docs/api.md). */
    private static final Set<Integer> NOT_FOUND = Set.of(404);
    /** On an operation only admins may call, a stranger's missing scope answers first. */
    private static final Set<Integer> FORBIDDEN = Set.of(403);
    private static final List<String> ADMIN_ONLY_PATHS = List.of("/api/v1/tokens", "/api/v1/operations", "/api/v1/failovers");
    private static final Set<Integer> INVALID = Set.of(400);

    /** Percent-encoded path segments that name nothing; description first. */
    private static final Map<String, String> PATH_VALUES = orderedMap(
            "4 KB long", "a".repeat(4096),
            "encoded ../ traversal", "..%2F..%2Fteams",
            "encoded .. segment", "%2e%2e",
            "encoded slash", "a%2Fb",
            "encoded backslash traversal", "..%5C..%5Cteams",
            "NUL", "%00",
            "NUL inside", "a%00b",
            "an escape sequence", "%1B%5B31m",
            "invalid UTF-8", "%C3%28%FF",
            "right-to-left override", "abc%E2%80%AEevil",
            "an emoji", "%F0%9F%98%80",
            "SQL", "x'%20OR%20'1'%3D'1",
            "percent sign alone", "%",
            "bad percent escape", "%zz");
    private static final Map<String, String> HOSTILE_TEXT = orderedMap(
            "NUL", "%00",
            "NUL inside", "a%00b",
            "an escape sequence", "%1B%5B31m",
            "a newline", "a%0Ab");
    private static final Map<String, String> NOT_A_NAME = orderedMap(
            "4 KB long", "a".repeat(4096),
            "upper case and a space", "Bad%20Name",
            "SQL", "x'%20OR%201%3D1--",
            "an emoji", "%F0%9F%98%80",
            "invalid UTF-8", "%C3%28%FF",
            "bad percent escape", "%zz");
    private static final Map<String, String> NOT_AN_INTEGER = orderedMap(
            "not a number", "abc",
            "a fraction", "1.5",
            "1e400", "1e400",
            "2^31", "2147483648",
            "99999999999", "99999999999",
            "empty after a sign", "-",
            "hex", "0x10");

    private final List<String> otherTeams;
    private final List<String> ownIds;

    /**
     * {@code otherTeams}: names and ids of resources of a team the stranger's token cannot read;
     * {@code ownIds}: ids of the stranger's own team, of every kind (one of another kind names nothing).
     */
    public HostileParameters(List<String> otherTeams, List<String> ownIds) {
        this.otherTeams = otherTeams;
        this.ownIds = ownIds;
    }

    public List<HostileCase> path(RequestTemplate template, RequestTemplate asStranger) {
        List<HostileCase> cases = new ArrayList<>();
        Set<Integer> strangerGets = ADMIN_ONLY_PATHS.stream().anyMatch(template.operation().path()::startsWith) ? FORBIDDEN : NOT_FOUND;
        for (ApiOperation.Parameter parameter : template.operation().in("path")) {
            String name = parameter.name();
            PATH_VALUES.forEach((description, value) -> cases.add(parameter(template.withPath(name, value),
                    "path {" + name + "} " + description, INVALID_OR_NOT_FOUND, name)));
            cases.add(new HostileCase(template.operation().toString(), "path {" + name + "} 100 KB long",
                    template.withPath(name, "a".repeat(100 * 1024)).request(), Set.of(414, 431, 400), Culprit.REQUEST, null));
            String current = template.pathValues().get(name);
            for (String other : otherTeams) {
                cases.add(parameter(asStranger.withPath(name, other), "path {" + name + "} = " + other + " of another team",
                        strangerGets, name));
            }
            for (String own : ownIds) {
                if (!sameKind(current, own)) {
                    cases.add(parameter(asStranger.withPath(name, own), "path {" + name + "} = " + own + ", an id of another kind",
                            strangerGets, name));
                }
            }
        }
        return cases;
    }

    public List<HostileCase> query(RequestTemplate template) {
        List<HostileCase> cases = new ArrayList<>();
        for (ApiOperation.Parameter parameter : template.operation().in("query")) {
            String name = parameter.name();
            JsonNode schema = parameter.schema();
            Map<String, String> values = new java.util.LinkedHashMap<>(HOSTILE_TEXT);
            if (SampleValues.type(schema).equals("integer")) {
                values.putAll(NOT_AN_INTEGER);
                if (schema.has("minimum")) {
                    values.put("minimum - 1", Long.toString(schema.get("minimum").asLong() - 1));
                    values.put("-1", "-1");
                }
                if (schema.has("maximum")) {
                    values.put("maximum + 1", Long.toString(schema.get("maximum").asLong() + 1));
                }
            } else if (schema.has("enum")) {
                values.putAll(NOT_A_NAME);
                values.put("an unknown value", "hostile-unknown-value");
            } else if (schema.has("pattern")) {
                values.putAll(NOT_A_NAME);
            }
            values.forEach((description, value) -> cases.add(parameter(template.withQuery(name, value),
                    "query " + name + " " + description, INVALID, name)));
            String valid = template.queryValues().getOrDefault(name, sampleQueryValue(schema));
            cases.add(parameter(template.withQuery(name, valid + "&" + name + "=" + valid), "query " + name + " twice",
                    INVALID, name));
        }
        cases.add(parameter(template.withQuery(UNKNOWN_PARAMETER, "1"), "unknown query parameter", INVALID, UNKNOWN_PARAMETER));
        return cases;
    }

    private static String sampleQueryValue(JsonNode schema) {
        if (schema.has("default")) {
            return schema.get("default").asText();
        }
        return schema.has("enum") ? schema.get("enum").get(0).asText() : "1";
    }

    private static HostileCase parameter(RequestTemplate template, String description, Set<Integer> statuses, String name) {
        return new HostileCase(template.operation().toString(), description, template.request(), statuses, Culprit.PARAMETER, name);
    }

    /** Ids carry their kind before the first '_' (cl_..., ln_...); the same kind would name a real resource. */
    private static boolean sameKind(String current, String id) {
        int a = current.indexOf('_');
        int b = id.indexOf('_');
        return current.equals(id) || (a > 0 && b > 0 && current.substring(0, a).equals(id.substring(0, b)));
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
