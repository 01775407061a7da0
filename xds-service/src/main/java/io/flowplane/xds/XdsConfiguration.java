package io.flowplane.xds;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

public class XdsConfiguration extends Configuration {
    @Valid
    @NotNull
    private DatabaseSettings database = new DatabaseSettings();

    @Valid
    @NotNull
    private AdsSettings xds = new AdsSettings();

    /** Where a database URL set through the control-plane hook is kept (FLOWPLANE_STATE_DIR). */
    @NotBlank
    private String stateDirectory = "/var/lib/flowplane";

    /** Token for the control-plane hooks; FLOWPLANE_ADMIN_TOKEN when blank. Hooks are disabled without one. */
    private String adminToken;

    @JsonProperty
    public String getStateDirectory() {
        return stateDirectory;
    }

    @JsonProperty
    public void setStateDirectory(String stateDirectory) {
        this.stateDirectory = stateDirectory;
    }

    @JsonProperty
    public String getAdminToken() {
        return adminToken;
    }

    @JsonProperty
    public void setAdminToken(String adminToken) {
        this.adminToken = adminToken;
    }

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
