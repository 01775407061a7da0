package io.flowplane.activities.aws;

import io.temporal.failure.ApplicationFailure;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.GlobalClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidGlobalClusterStateException;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.PriorRequestNotCompleteException;

/**
 * AWS errors as Temporal failures, each decided on purpose (docs/failover.md, the Aurora and DNS "errors and retries"):
 * what names something that does not exist, or a request or credential AWS refuses, will not get better by
 * asking again; a cluster in a passing state, throttling (after the SDK's own retries), a 5xx and an
 * endpoint that cannot be reached may.
 */
public final class AwsFailures {
    private static final Set<String> CREDENTIALS_REFUSED = Set.of("AccessDenied", "AccessDeniedException", "UnrecognizedClientException",
            "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "MissingAuthenticationToken");

    private AwsFailures() {}

    public static ApplicationFailure of(String what, SdkException e) {
        if (e instanceof GlobalClusterNotFoundException) {
            return ApplicationFailure.newNonRetryableFailure(what + ": " + describe(e), "GlobalClusterNotFound");
        }
        if (e instanceof DbClusterNotFoundException) {
            return ApplicationFailure.newNonRetryableFailure(what + ": " + describe(e), "DBClusterNotFound");
        }
        if (e instanceof InvalidGlobalClusterStateException || e instanceof InvalidDbClusterStateException) {
            return ApplicationFailure.newFailure(what + ": " + describe(e), "InvalidClusterState");
        }
        if (e instanceof NoSuchHostedZoneException) {
            return ApplicationFailure.newNonRetryableFailure(what + ": " + describe(e), "ZoneNotFound");
        }
        if (e instanceof InvalidChangeBatchException) {
            return ApplicationFailure.newNonRetryableFailure(what + ": " + describe(e), "ChangeRefused");
        }
        if (e instanceof PriorRequestNotCompleteException) {
            return ApplicationFailure.newFailure(what + ": " + describe(e), "ChangeInProgress");
        }
        if (e instanceof AwsServiceException service) {
            if (service.isThrottlingException()) {
                return ApplicationFailure.newFailure(what + ": throttled by RDS: " + describe(e), "Throttled");
            }
            if (service.statusCode() >= 500) {
                return ApplicationFailure.newFailure(what + ": " + describe(e), "AwsUnavailable");
            }
            if (CREDENTIALS_REFUSED.contains(code(service))) {
                return ApplicationFailure.newNonRetryableFailure(what + ": AWS refused the worker's credentials: " + describe(e)
                        + "; see docs/failover.md for the IAM permissions", "AwsCredentialsRefused");
            }
            return ApplicationFailure.newNonRetryableFailure(what + ": " + describe(e), "AwsRequestRefused");
        }
        if (e instanceof SdkClientException) {
            return ApplicationFailure.newFailure(what + ": RDS unreachable: " + e.getMessage(), "AwsUnreachable");
        }
        return ApplicationFailure.newFailure(what + ": " + e.getMessage(), "AwsError");
    }

    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return code(service) + ": " + service.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    }
}
