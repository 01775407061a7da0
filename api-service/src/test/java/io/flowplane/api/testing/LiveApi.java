package io.flowplane.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test class: a fresh database on the real primary and the API service running on it.
 * Register as a static field with {@code @RegisterExtension}.
 */
public final class LiveApi implements BeforeAllCallback, AfterAllCallback {
    private TestDatabase database;
    private RunningApi app;

    @Override
    public void beforeAll(ExtensionContext context) {
        database = TestDatabase.create();
        app = RunningApi.start(database.primaryUrl());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    public TestDatabase database() {
        return database;
    }

    public RunningApi app() {
        return app;
    }

    public Api admin() {
        return app.admin();
    }

    public Api anonymous() {
        return app.anonymous();
    }

    /** A client with a new token holding exactly these scopes. */
    public Api withScopes(String... scopes) {
        StringBuilder list = new StringBuilder();
        for (String scope : scopes) {
            list.append(list.length() == 0 ? "" : ", ").append('"').append(scope).append('"');
        }
        Reply issued = admin().post("/api/v1/tokens",
                "{\"name\": \"t-" + UUID.randomUUID().toString().substring(0, 8) + "\", \"scopes\": [" + list + "]}");
        if (issued.status() != 201) {
            throw new AssertionError("cannot issue token: " + issued);
        }
        return admin().as(issued.text("token"));
    }

    public long revision() {
        return admin().get("/api/v1/config/revision").json().get("revision").asLong();
    }

    /** Creates a resource and returns its JSON, failing loudly on anything but 201. */
    public JsonNode created(String path, String json) {
        Reply reply = admin().post(path, json);
        if (reply.status() != 201) {
            throw new AssertionError("POST " + path + " " + json + " -> " + reply);
        }
        return reply.json();
    }
}
