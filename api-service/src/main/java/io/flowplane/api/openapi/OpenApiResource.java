package io.flowplane.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The hand-written OpenAPI 3 description of this API (resource openapi.yaml), served as JSON without auth. */
@Path("/api/v1/openapi.json")
public class OpenApiResource {
    public static final String RESOURCE = "/io/flowplane/api/openapi/openapi.yaml";

    private final JsonNode document;

    public OpenApiResource() {
        this.document = load();
    }

    public static JsonNode load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode get() {
        return document;
    }
}
