package io.flowplane.xds;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.flowplane.xds.ads.AdsLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** The gRPC ADS endpoint and how often the configuration revision is polled. */
public class AdsSettings {
    @Min(1)
    @Max(65535)
    private int port = 50051;

    @NotBlank
    private String bindAddress = "0.0.0.0";

    @NotNull
    private Duration pollInterval = Duration.milliseconds(250);

    /** Threads shared by all ADS streams. */
    @Min(1)
    private int workerThreads = 8;

    @NotNull
    private Duration shutdownGracePeriod = Duration.seconds(5);
    /** How long a cluster that left a dataplane's configuration stays in its Envoys' CDS (make-before-break). */
    @NotNull
    private Duration clusterRetention = Duration.seconds(60);

    /** Larger requests are refused with RESOURCE_EXHAUSTED before they are read. */
    @NotNull
    @MinDataSize(64 * 1024)
    @MaxDataSize(Integer.MAX_VALUE)
    private DataSize maxInboundMessageSize = DataSize.mebibytes(4);

    /** Resource names one request may list, and one delta stream may keep subscribed, per type. */
    @Min(1)
    private int maxResourceNamesPerType = 10_000;

    /** Open ADS streams in all; more are refused with RESOURCE_EXHAUSTED. */
    @Min(1)
    private int maxStreams = AdsLimits.DEFAULT.maxStreams();

    /** Open ADS streams one dataplane's credentials may hold. */
    @Min(1)
    private int maxStreamsPerDataplane = AdsLimits.DEFAULT.maxStreamsPerDataplane();

    /**
     * Serve ADS streams that prove no dataplane (no credential, no client certificate) by what their node
     * claims. Off by default: anyone reaching the port could then claim any dataplane.
     */
    private boolean allowUnauthenticatedDataplanes;

    /** LISTEN for change notifications on a primary, on top of polling. */
    private boolean listenForChanges = true;

    @Valid
    @NotNull
    private TlsSettings tls = new TlsSettings();

    @JsonProperty
    public Duration getClusterRetention() {
        return clusterRetention;
    }

    @JsonProperty
    public void setClusterRetention(Duration clusterRetention) {
        this.clusterRetention = clusterRetention;
    }

    public AdsLimits limits() {
        return new AdsLimits(maxResourceNamesPerType, maxStreams, maxStreamsPerDataplane);
    }

    @JsonProperty
    public int getMaxStreams() {
        return maxStreams;
    }

    @JsonProperty
    public void setMaxStreams(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    @JsonProperty
    public int getMaxStreamsPerDataplane() {
        return maxStreamsPerDataplane;
    }

    @JsonProperty
    public void setMaxStreamsPerDataplane(int maxStreamsPerDataplane) {
        this.maxStreamsPerDataplane = maxStreamsPerDataplane;
    }

    @JsonProperty
    public boolean isAllowUnauthenticatedDataplanes() {
        return allowUnauthenticatedDataplanes;
    }

    @JsonProperty
    public void setAllowUnauthenticatedDataplanes(boolean allowUnauthenticatedDataplanes) {
        this.allowUnauthenticatedDataplanes = allowUnauthenticatedDataplanes;
    }

    @JsonProperty
    public boolean isListenForChanges() {
        return listenForChanges;
    }

    @JsonProperty
    public void setListenForChanges(boolean listenForChanges) {
        this.listenForChanges = listenForChanges;
    }

    @JsonProperty
    public DataSize getMaxInboundMessageSize() {
        return maxInboundMessageSize;
    }

    @JsonProperty
    public void setMaxInboundMessageSize(DataSize maxInboundMessageSize) {
        this.maxInboundMessageSize = maxInboundMessageSize;
    }

    @JsonProperty
    public int getMaxResourceNamesPerType() {
        return maxResourceNamesPerType;
    }

    @JsonProperty
    public void setMaxResourceNamesPerType(int maxResourceNamesPerType) {
        this.maxResourceNamesPerType = maxResourceNamesPerType;
    }

    @JsonProperty
    public TlsSettings getTls() {
        return tls;
    }

    @JsonProperty
    public void setTls(TlsSettings tls) {
        this.tls = tls;
    }

    @JsonProperty
    public int getPort() {
        return port;
    }

    @JsonProperty
    public void setPort(int port) {
        this.port = port;
    }

    @JsonProperty
    public String getBindAddress() {
        return bindAddress;
    }

    @JsonProperty
    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    @JsonProperty
    public Duration getPollInterval() {
        return pollInterval;
    }

    @JsonProperty
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    @JsonProperty
    public int getWorkerThreads() {
        return workerThreads;
    }

    @JsonProperty
    public void setWorkerThreads(int workerThreads) {
        this.workerThreads = workerThreads;
    }

    @JsonProperty
    public Duration getShutdownGracePeriod() {
        return shutdownGracePeriod;
    }

    @JsonProperty
    public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
        this.shutdownGracePeriod = shutdownGracePeriod;
    }
}
