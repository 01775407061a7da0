package io.flowplane.api.resources;

import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version a client expects to change, from an If-Match header (stale: 412) or the body's
 * {@code version} field (stale: 409). Null {@link #value} means "whatever is current".
 */
record ExpectedVersion(Long value, boolean fromIfMatch) {
    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

    /** For updates: a PUT replaces what the client read, so it must say which version that was. */
    static ExpectedVersion required(String ifMatch, Long bodyVersion) {
        ExpectedVersion expected = optional(ifMatch, bodyVersion);
        if (!expected.fromIfMatch && expected.value == null) {
            throw ApiException.invalid("version", "is required: send the version you read, as the body field "
                    + "\"version\" or an If-Match header");
        }
        return expected;
    }

    static ExpectedVersion optional(String ifMatch, Long bodyVersion) {
        if (bodyVersion != null && bodyVersion < 1) {
            throw ApiException.invalid("version", bodyVersion + " is not a version (versions start at 1)");
        }
        if (ifMatch == null || ifMatch.isBlank()) {
            return new ExpectedVersion(bodyVersion, false);
        }
        Long header = parse(ifMatch.trim());
        if (header != null && bodyVersion != null && !header.equals(bodyVersion)) {
            throw ApiException.invalid("version", "body version " + bodyVersion + " disagrees with If-Match " + ifMatch);
        }
        return new ExpectedVersion(header, true);
    }

    private static Long parse(String ifMatch) {
        if (ifMatch.equals("*")) {
            return null;
        }
        Matcher m = ETAG.matcher(ifMatch);
        if (!m.matches()) {
            throw new ApiException(400, "invalid_header", "If-Match: " + Echo.quote(ifMatch) + " is not a version such as \"3\"", "If-Match");
        }
        long version = Long.parseLong(m.group(1));
        if (version < 1) {
            throw new ApiException(400, "invalid_header", "If-Match: " + version + " is not a version (versions start at 1)", "If-Match");
        }
        return version;
    }

    /** Why a guarded write matched no row: the resource is gone (404) or changed since it was read. */
    ApiException staleOrGone(Optional<Long> currentVersion, String what) {
        if (currentVersion.isEmpty()) {
            return ApiException.notFound(what);
        }
        String message = what + " is at version " + currentVersion.get() + ", not " + value
                + ": it changed since you read it; GET it again and retry";
        return fromIfMatch
                ? new ApiException(412, "precondition_failed", message, "If-Match")
                : new ApiException(409, "version_conflict", message, "version");
    }
}
