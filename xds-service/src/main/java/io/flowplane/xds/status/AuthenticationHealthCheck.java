package io.flowplane.xds.status;

import com.codahale.metrics.health.HealthCheck;
import io.flowplane.xds.binding.DataplaneAuthenticator;

/**
 * Says whether ADS streams must prove their dataplane. Healthy either way (serving is not broken), but an
 * opt-out is visible wherever health is watched, not only in the start-up log.
 */
public final class AuthenticationHealthCheck extends HealthCheck {
    private final DataplaneAuthenticator authenticator;

    public AuthenticationHealthCheck(DataplaneAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected Result check() {
        return authenticator.allowsUnauthenticated()
                ? Result.builder().healthy().withMessage("UNAUTHENTICATED DATAPLANES ALLOWED "
                        + "(xds.allowUnauthenticatedDataplanes): any client reaching the ADS port is served the "
                        + "dataplane its node claims").withDetail("unauthenticated_dataplanes_allowed", true).build()
                : Result.builder().healthy().withMessage("every ADS stream proves its dataplane by credential or "
                        + "client certificate").withDetail("unauthenticated_dataplanes_allowed", false).build();
    }
}
