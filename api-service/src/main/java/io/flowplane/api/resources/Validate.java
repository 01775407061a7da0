package io.flowplane.api.resources;

import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks on request fields; each failure names the field and what is wrong. */
final class Validate {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.:-]{0,251}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Validate() {}

    static String name(String field, String value) {
        required(field, value);
        if (!NAME.matcher(value).matches()) {
            throw ApiException.invalid(field, Echo.quote(value) + " must be 1-63 lowercase letters, digits, '-' or '_', "
                    + "starting and ending with a letter or digit");
        }
        return value;
    }

    static String host(String field, String value) {
        required(field, value);
        if (!HOST.matcher(value).matches()) {
            throw ApiException.invalid(field, Echo.quote(value) + " is not a host name or IP address");
        }
        return value;
    }

    /** Envoy binds listeners to IP literals only. */
    static String ipAddress(String field, String value) {
        required(field, value);
        if (!IPV4.matcher(value).matches() && !(value.contains(":") && isIpv6(value))) {
            throw ApiException.invalid(field, Echo.quote(value) + " is not an IPv4 or IPv6 address, for example 0.0.0.0");
        }
        return value;
    }

    private static boolean isIpv6(String value) {
        if (!IPV6_CHARS.matcher(value).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(value) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A date-time sent back from a GET (created_at, updated_at): not stored, but it must be one. */
    static void timestamp(String field, String value) {
        if (value == null) {
            return;
        }
        try {
            OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, Echo.quote(value) + " is not a date-time such as 2024-01-01T00:00:00Z");
        }
    }

    static int port(String field, Integer value) {
        if (value == null) {
            throw ApiException.invalid(field, "is required");
        }
        if (value < 1 || value > 65535) {
            throw ApiException.invalid(field, value + " is not a port between 1 and 65535");
        }
        return value;
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(field, "is required");
        }
        return value;
    }

    static String optionalText(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw ApiException.invalid(field, "is longer than " + maxLength + " characters");
        }
        return value;
    }

    static List<String> distinct(String field, List<String> values) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            required(field + "[" + i + "]", values.get(i));
            if (!seen.add(values.get(i))) {
                throw ApiException.invalid(field + "[" + i + "]", Echo.quote(values.get(i)) + " is listed twice");
            }
        }
        return values;
    }

    static void sameTeam(String pathTeam, String bodyTeam) {
        if (bodyTeam != null && !bodyTeam.equals(pathTeam)) {
            throw ApiException.invalid("team", Echo.quote(bodyTeam) + " does not match the team in the path (" + Echo.quote(pathTeam) + ")");
        }
    }

    static void body(Object body) {
        if (body == null) {
            throw new ApiException(400, "missing_body", "request body is required (JSON)", null);
        }
    }
}
