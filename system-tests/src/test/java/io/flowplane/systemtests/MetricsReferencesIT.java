package io.flowplane.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.TestDatabase;
import io.flowplane.testkit.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules and the Grafana dashboard name only metrics that the running services export. One
 * control plane (api-service, xds-service, worker) is started from the built jars for the whole class
 * and each process's metrics endpoint is scraped once. Families registered without samples yet count,
 * since the exposition declares them with {@code # TYPE}.
 */
@Tag("isolated")
class MetricsReferencesIT {
    static final Path ALERTS = Path.of("deploy/prometheus/flowplane-alerts.yml");
    static final Path DASHBOARD = Path.of("deploy/grafana/flowplane-dashboard.json");

    /** Prometheus adds this series to every scrape target itself. */
    static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");
    /** The guide's placeholder in DataplaneDisconnected: a number, or a recording rule the operator adds. */
    static final Set<String> SUPPLIED_BY_THE_OPERATOR = Set.of("expected_count");

    private static ControlPlane controlPlane;
    /** Process and endpoint, e.g. "xds-service :8091/prometheus", to what it served. */
    private static final Map<String, MetricsExposition> SCRAPES = new LinkedHashMap<>();

    record Reference(Path file, String where, String metric) {
        @Override
        public String toString() {
            return metric + " (" + where + ")";
        }
    }

    @BeforeAll
    static void startTheServicesAndScrapeEachOnce() {
        controlPlane = new ControlPlane(TestDatabase.create().primaryUrl()).start();
        // The endpoints of deploy/prometheus/README.md: admin port /prometheus, the worker's own /metrics.
        scrape("api-service", controlPlane.apiAdminPort, "/prometheus");
        scrape("xds-service", controlPlane.xdsAdminPort, "/prometheus");
        scrape("worker", controlPlane.workerMetricsPort, "/metrics");
    }

    @AfterAll
    static void stopTheServices() {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    void everyAlertRuleNamesOnlyMetricsTheServicesExport() {
        List<Reference> references = alertReferences();
        assertThat(references).as("metrics named in " + ALERTS).isNotEmpty();
        assertAllExported(ALERTS, references, recordedNames());
    }

    @Test
    void everyDashboardQueryNamesOnlyMetricsTheServicesExport() {
        List<Reference> references = new ArrayList<>();
        collectDashboardReferences(readTree(new ObjectMapper(), DASHBOARD), "dashboard", references);
        assertThat(references).as("metrics named in " + DASHBOARD).isNotEmpty();
        assertAllExported(DASHBOARD, references, Set.of());
    }

    private static void assertAllExported(Path file, List<Reference> references, Set<String> alsoKnown) {
        List<Reference> unknown = references.stream()
                .filter(r -> !MADE_BY_PROMETHEUS.contains(r.metric()) && !alsoKnown.contains(r.metric()))
                .filter(r -> SCRAPES.values().stream().noneMatch(scrape -> scrape.exports(r.metric())))
                .toList();
        assertThat(unknown)
                .as(() -> file + " names metrics that no Flowplane process exports: "
                        + unknown.stream().map(Reference::metric).distinct().sorted().toList()
                        + "\nwhere: " + unknown
                        + "\nexported families:\n" + SCRAPES.entrySet().stream()
                                .map(e -> "  " + e.getKey() + ": " + e.getValue().families())
                                .collect(Collectors.joining("\n")))
                .isEmpty();
    }

    private static List<Reference> alertReferences() {
        List<Reference> references = new ArrayList<>();
        for (JsonNode group : readTree(new ObjectMapper(new YAMLFactory()), ALERTS).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String where = rule.has("alert") ? "alert " + rule.get("alert").asText() : "record " + rule.path("record").asText();
                assertThat(rule.path("expr").isTextual()).as(where + " in " + ALERTS + " has an expr").isTrue();
                for (String metric : PromQlMetricNames.in(rule.get("expr").asText())) {
                    references.add(new Reference(ALERTS, where, metric));
                }
            }
        }
        return references;
    }

    /** Recording rules of the alert file, and the guide's operator-supplied placeholder. */
    private static Set<String> recordedNames() {
        Set<String> names = new java.util.HashSet<>(SUPPLIED_BY_THE_OPERATOR);
        for (JsonNode group : readTree(new ObjectMapper(new YAMLFactory()), ALERTS).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("record")) {
                    names.add(rule.get("record").asText());
                }
            }
        }
        return names;
    }

    /** Every "expr" anywhere in the dashboard (panels, rows' panels, targets), under its panel's title. */
    private static void collectDashboardReferences(JsonNode node, String where, List<Reference> references) {
        if (node.isObject()) {
            String here = node.has("title") ? "panel \"" + node.get("title").asText() + "\"" : where;
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    for (String metric : PromQlMetricNames.in(field.getValue().asText())) {
                        references.add(new Reference(DASHBOARD, here, metric));
                    }
                } else {
                    collectDashboardReferences(field.getValue(), here, references);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectDashboardReferences(element, where, references));
        }
    }

    private static void scrape(String process, int port, String path) {
        Http.Reply reply = new Http("http://127.0.0.1:" + port, null).get(path);
        String endpoint = process + " :" + port + path;
        assertThat(reply.status()).as("GET " + endpoint).isEqualTo(200);
        keepForDiagnosis(process, reply.body());
        MetricsExposition exposition = MetricsExposition.parse(reply.body());
        assertThat(exposition.isEmpty()).as(endpoint + " serves metrics").isFalse();
        SCRAPES.put(endpoint, exposition);
    }

    private static void keepForDiagnosis(String process, String exposition) {
        try {
            Files.writeString(TestStack.logDir().resolve(process + ".metrics.txt"), exposition);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(TestStack.root().resolve(file).toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
