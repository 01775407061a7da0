package io.flowplane.xds;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

public class XdsConfiguration extends Configuration {
    @Valid
    @NotNull
    private DatabaseSettings database = new DatabaseSettings();

    @Valid
    @NotNull
    private AdsSettings xds = new AdsSettings();

    @JsonProperty
    public DatabaseSettings getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(DatabaseSettings database) {
        this.database = database;
    }

    @JsonProperty
    public AdsSettings getXds() {
        return xds;
    }

    @JsonProperty
    public void setXds(AdsSettings xds) {
        this.xds = xds;
    }
}
