package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.api.testing.LiveApi;
import io.flowplane.api.testing.Reply;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The served OpenAPI document lists exactly the routes Jersey serves. */
class OpenApiIT {
    @RegisterExtension
    static final LiveApi API = new LiveApi();

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void theDocumentIsServedWithoutAuthAndMatchesEveryRegisteredRoute() {
        Reply reply = API.anonymous().get("/api/v1/openapi.json");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        JsonNode document = reply.json();
        assertThat(document.get("openapi").asText()).startsWith("3.");

        Set<String> documented = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (HTTP_METHODS.contains(method)) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + normalise(path.getKey()));
            }
        }));
        Set<String> served = jerseyRoutes(API.app().support().getEnvironment().jersey().getResourceConfig());

        assertThat(served).as("Jersey serves routes").hasSizeGreaterThan(20);
        assertThat(documented).as("documented but not served").isSubsetOf(served);
        assertThat(served).as("served but not documented").isSubsetOf(documented);
    }

    @Test
    void everyReferenceInTheDocumentResolves() {
        JsonNode document = API.anonymous().get("/api/v1/openapi.json").json();
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    private static Set<String> jerseyRoutes(ResourceConfig config) {
        Set<Class<?>> classes = new HashSet<>(config.getClasses());
        config.getInstances().forEach(instance -> classes.add(instance.getClass()));
        Set<String> routes = new TreeSet<>();
        for (Class<?> type : classes) {
            if (type.isAnnotationPresent(Path.class)) {
                collect(Resource.from(type), "", routes);
            }
        }
        return routes;
    }

    private static void collect(Resource resource, String parent, Set<String> routes) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(method.getHttpMethod() + " " + normalise(path));
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, routes);
        }
    }

    private static String join(String parent, String path) {
        if (path == null || path.isEmpty()) {
            return parent;
        }
        String trimmed = path.startsWith("/") ? path : "/" + path;
        return (parent.endsWith("/") ? parent.substring(0, parent.length() - 1) : parent) + trimmed;
    }

    /** Path templates compare by shape: {team} and {name} are both {}. */
    private static String normalise(String path) {
        String p = path.replaceAll("\\{[^}]*}", "{}");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
