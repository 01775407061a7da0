package io.flowplane.xds;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.flowplane.core.db.DatabaseUrl;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** Where the configuration is read from. A read URL (e.g. a replica) replaces the primary for reads. */
public class DatabaseSettings {
    @NotBlank(message = "is empty: set FLOWPLANE_DATABASE_URL, e.g. postgresql://user:pass@host:5432/flowplane")
    private String url;

    private String readUrl;

    @Min(1)
    private int maxConnections = 4;

    @JsonProperty
    public String getUrl() {
        return url;
    }

    @JsonProperty
    public void setUrl(String url) {
        this.url = url;
        checkParses(url, "FLOWPLANE_DATABASE_URL (database.url)");
    }

    @JsonProperty
    public String getReadUrl() {
        return readUrl;
    }

    @JsonProperty
    public void setReadUrl(String readUrl) {
        this.readUrl = readUrl;
        checkParses(readUrl, "FLOWPLANE_DATABASE_READ_URL (database.readUrl)");
    }

    @JsonProperty
    public int getMaxConnections() {
        return maxConnections;
    }

    @JsonProperty
    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** The URL xds-service reads from: the read URL when set, else the main one. */
    public DatabaseUrl readLocation() {
        return DatabaseUrl.parse(readUrlText());
    }

    /** {@link #readLocation()} as written in the environment. */
    public String readUrlText() {
        return isBlank(readUrl) ? url : readUrl;
    }

    private static void checkParses(String value, String name) {
        if (isBlank(value)) {
            return;
        }
        try {
            DatabaseUrl.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is invalid: " + e.getMessage(), e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
