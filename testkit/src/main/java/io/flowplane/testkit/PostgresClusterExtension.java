package io.flowplane.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link PostgresCluster} per test class, started before its first test and closed after its last:
 * {@code @RegisterExtension static final PostgresClusterExtension POSTGRES = new PostgresClusterExtension(
 * PostgresCluster.builder().primary("us-east-1").asynchronousReplica("eu-west-1"));}
 */
public final class PostgresClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private final PostgresCluster.Builder builder;
    private PostgresCluster cluster;

    public PostgresClusterExtension(PostgresCluster.Builder builder) {
        this.builder = builder;
    }

    public PostgresCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster starts before the class's first test; register this as a static field");
        }
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = builder.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
        }
    }
}
