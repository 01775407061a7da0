package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowplane.api.testing.Api;
import io.flowplane.api.testing.ApiDescription;
import io.flowplane.api.testing.ApiOperation;
import io.flowplane.api.testing.HostileBodies;
import io.flowplane.api.testing.HostileCase;
import io.flowplane.api.testing.HostileCase.Culprit;
import io.flowplane.api.testing.HostileHeaders;
import io.flowplane.api.testing.HostileParameters;
import io.flowplane.api.testing.LiveApi;
import io.flowplane.api.testing.RawHttp;
import io.flowplane.api.testing.RefusalCheck;
import io.flowplane.api.testing.RequestTemplate;
import io.flowplane.api.testing.SampleValues;
import io.flowplane.api.testing.WriteWatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bar: every bad input gets a 4xx whose JSON error names what is wrong, and nothing is written.
 * Driven by the served OpenAPI document: for every documented operation, hostile bodies (every field,
 * nested ones too), path and query parameters and headers, each sent as exact bytes on its own
 * connection. Each refusal is checked for status, error shape and the name of the culprit; writes are
 * checked by the configuration revision and the newest audit entry. No randomness: the same cases run
 * in the same order every time. A failure lists method, path and the input, one line per case.
 */
class HostileInputIT {
    @RegisterExtension
    static final LiveApi API = new LiveApi();

    /** The target team's resources, and a team the stranger's token cannot read. */
    private static Fleet alpha;
    private static Fleet other;
    private static String victimTokenId;
    private static String strangerToken;

    private static ApiDescription description;
    private static SampleValues samples;
    private static RawHttp http;
    private static WriteWatch writes;
    private static final AtomicInteger SENT = new AtomicInteger();
    /** The database cluster in failover bodies; a hostile one accepted would start an operation on it. */
    private static final String FAILOVER_TARGET = "hostile-input-it";
    private static long startedAt;

    private record Fleet(String team, String dataplane, String cluster, String routeConfig, String listener) {
        List<String> ids() {
            return List.of(dataplane, cluster, routeConfig, listener);
        }
    }

    @BeforeAll
    static void fleets() {
        alpha = seed("alpha");
        other = seed("other");
        victimTokenId = API.admin().post("/api/v1/tokens", "{\"name\": \"victim\", \"scopes\": [\"team:alpha:read\"]}").text("id");
        strangerToken = API.withScopes("team:alpha:write").token();
        JsonNode document = API.anonymous().get("/api/v1/openapi.json").json();
        description = new ApiDescription(document);
        samples = new SampleValues(description, HostileInputIT::withFixtures);
        http = new RawHttp(API.app().baseUri());
        writes = new WriteWatch(API.admin());
        startedAt = System.nanoTime();
    }

    @AfterAll
    static void summary() {
        System.out.printf("HostileInputIT: %d hostile requests over %d operations in %.1f s%n", SENT.get(),
                description.operations().size(), (System.nanoTime() - startedAt) / 1e9);
    }

    private static Fleet seed(String team) {
        API.created("/api/v1/teams", "{\"name\": \"" + team + "\"}");
        String dp = API.created("/api/v1/teams/" + team + "/dataplanes", "{\"name\": \"us\"}").get("id").asText();
        String cl = API.created("/api/v1/clusters",
                "{\"team\": \"" + team + "\", \"name\": \"backend\", \"endpoints\": [{\"host\": \"10.0.0.1\", \"port\": 80}]}").get("id").asText();
        String rc = API.created("/api/v1/route-configs", """
                {"team": "%s", "name": "web", "virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "backend"}]}]}"""
                .formatted(team)).get("id").asText();
        String ln = API.created("/api/v1/listeners",
                "{\"team\": \"" + team + "\", \"name\": \"web\", \"address\": \"0.0.0.0\", \"port\": 80, \"dataplane_id\": \"" + dp + "\"}")
                .get("id").asText();
        return new Fleet(team, dp, cl, rc, ln);
    }

    /** References in sample bodies point at the target team's resources, so only the hostile part is wrong. */
    private static JsonNode withFixtures(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, String> existing = Map.of("team", alpha.team(), "dataplane_id", alpha.dataplane(), "cluster", "backend",
                    "target", FAILOVER_TARGET);
            existing.forEach((field, value) -> {
                if (object.has(field)) {
                    object.put(field, value);
                }
            });
            object.forEach(HostileInputIT::withFixtures);
        } else if (node != null && node.isArray()) {
            node.forEach(HostileInputIT::withFixtures);
        }
        return node;
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedOperationRefusesHostileInput() {
        List<ApiOperation> operations = description.operations();
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(25);
        return operations.stream().map(operation -> dynamicTest(operation.toString(), () -> refuseAll(operation.writes(),
                casesFor(operation))));
    }

    @Test
    void undocumentedMethodsAndPathsAreJsonErrors() {
        List<HostileCase> cases = new ArrayList<>();
        description.methodsByPath().forEach((path, documented) -> {
            ApiOperation any = description.operations().stream().filter(o -> o.path().equals(path)).findFirst().orElseThrow();
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
                if (!documented.contains(method)) {
                    RequestTemplate template = template(any, API.admin().token());
                    cases.add(new HostileCase(method + " " + path, "undocumented method", new RawHttp.Request(method,
                            template.target(), json(template.headers()), "{}".getBytes(StandardCharsets.UTF_8), false),
                            Set.of(405), Culprit.REQUEST, null));
                }
            }
        });
        for (String target : List.of("/", "/api", "/api/v1", "/api/v1/nope", "/api/v2/teams", "/api/v1/teams/alpha/nope",
                "/api/v1/teams/alpha/dataplanes/us/bootstrap/extra", "/api/v1/../../etc/passwd", "/api/v1/teams%2Falpha",
                "/api/v1/%00", "/api/v1/teams?%zz", "//api//v1//teams")) {
            cases.add(new HostileCase("GET " + target, "unknown path", new RawHttp.Request("GET", target,
                    List.<String[]>of(new String[] {"Authorization", "Bearer " + API.admin().token()}), null, false),
                    Set.of(400, 404), Culprit.REQUEST, null));
        }
        refuseAll(true, cases);
    }

    @Test
    void brokenHttpIsAJsonError() {
        String auth = "Authorization: Bearer " + API.admin().token() + "\r\n";
        String post = "POST /api/v1/teams HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth + "Content-Type: application/json\r\n";
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("Content-Length not a number", post + "Content-Length: abc\r\n\r\n{}");
        requests.put("negative Content-Length", post + "Content-Length: -1\r\n\r\n{}");
        requests.put("two different Content-Lengths", post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
        requests.put("Content-Length and chunked together", post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        requests.put("bad chunk size", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        requests.put("body shorter than Content-Length", post + "Content-Length: 100\r\n\r\n{\"name\": \"short\"}");
        requests.put("a space in the method", "GE T /api/v1/teams HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
        requests.put("a header without a colon", "GET /api/v1/teams HTTP/1.1\r\nHost: x\r\nBroken header\r\n" + auth + "\r\n");
        requests.put("a NUL in the path", "GET /api/v1/teams/al\u0000pha HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
        requests.put("a raw space in the path", "GET /api/v1/teams/al pha HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
        requests.put("raw UTF-8 in the path", "GET /api/v1/teams/\u00c3\u00a9 HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
        requests.put("HTTP/9.9", "GET /api/v1/teams HTTP/9.9\r\nHost: x\r\n" + auth + "\r\n");
        List<String> failures = new ArrayList<>();
        WriteWatch.Mark before = writes.mark();
        requests.forEach((description, request) -> {
            HostileCase c = new HostileCase("raw HTTP", description, null, Set.of(400), Culprit.REQUEST, null);
            SENT.incrementAndGet();
            try {
                RefusalCheck.problem(c, http.sendBytes(request.getBytes(StandardCharsets.ISO_8859_1)))
                        .ifPresent(problem -> failures.add(c + " -> " + problem));
            } catch (RawHttp.Dropped dropped) {
                failures.add(c + " -> connection dropped without an answer: " + dropped.getMessage());
            }
        });
        if (!writes.mark().equals(before)) {
            failures.add("raw HTTP: something was written");
        }
        assertThat(failures).as(report(failures)).isEmpty();
    }

    private static List<HostileCase> casesFor(ApiOperation operation) {
        RequestTemplate asAdmin = template(operation, API.admin().token());
        RequestTemplate asStranger = template(operation, strangerToken);
        List<String> otherTeam = new ArrayList<>(other.ids());
        otherTeam.add(other.team());
        HostileParameters parameters = new HostileParameters(otherTeam, alpha.ids());
        List<HostileCase> cases = new ArrayList<>();
        HostileBodies bodies = new HostileBodies(description, samples);
        cases.addAll(bodies.of(asAdmin));
        cases.addAll(bodies.references(asStranger, Map.of("team", other.team(), "dataplane_id", other.dataplane())));
        cases.addAll(parameters.path(asAdmin, asStranger));
        cases.addAll(parameters.query(asAdmin));
        cases.addAll(new HostileHeaders(API.admin().token()).of(asAdmin));
        return cases;
    }

    /** A request the API accepts, as the holder of {@code token}: the target team's resources, a sample body. */
    private static RequestTemplate template(ApiOperation operation, String token) {
        Map<String, String> path = new LinkedHashMap<>();
        for (ApiOperation.Parameter parameter : operation.in("path")) {
            path.put(parameter.name(), pathValue(operation.path(), parameter.name()));
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (ApiOperation.Parameter parameter : operation.in("query")) {
            if (parameter.required()) {
                query.put(parameter.name(), parameter.name().equals("team") ? alpha.team() : samples.of(parameter.schema()).asText());
            }
        }
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Authorization", "Bearer " + token});
        if (operation.in("header").stream().anyMatch(h -> h.name().equals("If-Match"))) {
            headers.add(new String[] {"If-Match", "*"});
        }
        byte[] body = null;
        if (operation.bodyRequired()) {
            headers.add(new String[] {"Content-Type", "application/json"});
            body = samples.body(operation).toString().getBytes(StandardCharsets.UTF_8);
        }
        return new RequestTemplate(operation, path, query, headers, body, false);
    }

    private static String pathValue(String path, String parameter) {
        if (parameter.equals("team")) {
            return alpha.team();
        }
        if (parameter.equals("dataplane")) {
            return alpha.dataplane();
        }
        String collection = path.substring(0, path.indexOf("{" + parameter + "}") - 1);
        collection = collection.substring(collection.lastIndexOf('/') + 1);
        return switch (collection) {
            case "clusters" -> alpha.cluster();
            case "route-configs" -> alpha.routeConfig();
            case "listeners" -> alpha.listener();
            case "tokens" -> victimTokenId;
            default -> "unknown-" + collection;
        };
    }

    private static List<String[]> json(List<String[]> headers) {
        List<String[]> withType = new ArrayList<>(headers);
        withType.removeIf(h -> h[0].equalsIgnoreCase("Content-Type"));
        withType.add(new String[] {"Content-Type", "application/json"});
        return withType;
    }

    /** Sends every case; checks each refusal, and after every write (else after all) that nothing was written. */
    private static void refuseAll(boolean checkEachWrite, List<HostileCase> cases) {
        List<String> failures = new ArrayList<>();
        WriteWatch.Mark before = writes.mark();
        for (HostileCase c : cases) {
            SENT.incrementAndGet();
            try {
                RefusalCheck.problem(c, http.send(c.request())).ifPresent(problem -> failures.add(c + " -> " + problem));
            } catch (RawHttp.Dropped dropped) {
                failures.add(c + " -> connection dropped without an answer: " + dropped.getMessage());
            }
            if (checkEachWrite) {
                WriteWatch.Mark after = writes.mark();
                if (!after.equals(before)) {
                    failures.add(c + " -> written: " + before + " became " + after);
                    before = after;
                }
            }
        }
        if (!checkEachWrite && !writes.mark().equals(before)) {
            failures.add(cases.get(0).operation() + ": one of " + cases.size() + " refused reads wrote something");
        }
        assertThat(failures).as(report(failures)).isEmpty();
    }

    private static String report(List<String> failures) {
        StringBuilder text = new StringBuilder(failures.size() + " hostile requests were not refused cleanly:");
        failures.stream().limit(150).forEach(f -> text.append("\n  ").append(f));
        if (failures.size() > 150) {
            text.append("\n  ... and ").append(failures.size() - 150).append(" more");
        }
        return text.toString();
    }
}
