package io.flowplane.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.flowplane.workflows.TemporalConnection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

public class ApiConfiguration extends Configuration {
    /** FLOWPLANE_DATABASE_URL: the primary; writes and migrations go here. */
    @NotBlank
    @JsonProperty
    private String databaseUrl;

    /** FLOWPLANE_DATABASE_READ_URL: optional replica for reads. */
    @JsonProperty
    private String databaseReadUrl;

    /** FLOWPLANE_BOOTSTRAP_TOKEN: stored as an admin token at start, for a new installation's first login. */
    @JsonProperty
    private String bootstrapToken;

    /** FLOWPLANE_ADMIN_TOKEN: guards the control-plane hooks on the admin port. */
    @JsonProperty
    private String adminToken;

    /** FLOWPLANE_STATE_DIR: where a database URL set through the hooks is kept across restarts. */
    @NotBlank
    @JsonProperty
    private String stateDirectory = "/var/lib/flowplane";

    @Valid
    @NotNull
    @JsonProperty
    private TemporalSettings temporal = new TemporalSettings();

    @Valid
    @NotNull
    @JsonProperty
    private XdsEndpoint xds = new XdsEndpoint();

    public String getDatabaseUrl() {
        return databaseUrl;
    }

    public String getDatabaseReadUrl() {
        return databaseReadUrl;
    }

    public String getBootstrapToken() {
        return bootstrapToken;
    }

    public String getAdminToken() {
        return adminToken;
    }

    public String getStateDirectory() {
        return stateDirectory;
    }

    public TemporalSettings getTemporal() {
        return temporal;
    }

    public XdsEndpoint getXds() {
        return xds;
    }

    public static class TemporalSettings {
        @NotBlank
        @JsonProperty
        private String address = "127.0.0.1:7233";

        @NotBlank
        @JsonProperty
        private String namespace = "default";

        @NotBlank
        @JsonProperty
        private String taskQueue = "flowplane-operations";

        /** Where people open the Temporal Web UI; used to link operations. */
        @JsonProperty
        private String uiUrl = "http://127.0.0.1:8233";

        /** TLS to Temporal (see {@link TemporalConnection}); blank values are unset. */
        @JsonProperty
        private String tlsCertPath;

        @JsonProperty
        private String tlsKeyPath;

        @JsonProperty
        private String tlsCaPath;

        @JsonProperty
        private String tlsServerName;

        @JsonProperty
        private String apiKey;

        public TemporalConnection connection() {
            return new TemporalConnection(address, tlsCertPath, tlsKeyPath, tlsCaPath, tlsServerName, apiKey);
        }

        public String getAddress() {
            return address;
        }

        public String getNamespace() {
            return namespace;
        }

        public String getTaskQueue() {
            return taskQueue;
        }

        public String getUiUrl() {
            return uiUrl;
        }
    }

    /** The xDS address written into generated Envoy bootstraps. */
    public static class XdsEndpoint {
        @NotBlank
        @JsonProperty
        private String host = "127.0.0.1";

        @JsonProperty
        private int port = 50051;

        public String getHost() {
            return host;
        }

        public int getPort() {
            return port;
        }
    }
}
