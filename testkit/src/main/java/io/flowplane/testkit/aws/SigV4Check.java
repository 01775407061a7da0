package io.flowplane.testkit.aws;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 the way AWS does, so a test double refuses what AWS would refuse: an
 * unsigned request, another access key, a wrong secret, a scope for another service.
 */
final class SigV4Check {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)");

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String service;

    SigV4Check(String accessKeyId, String secretAccessKey, String service) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.service = service;
    }

    /** Null when the signature holds; otherwise why not, as AWS's error code and message. */
    AwsFault refusal(HttpExchange exchange, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return new AwsFault(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            return new AwsFault(400, "IncompleteSignature", "Authorization header is not AWS4-HMAC-SHA256: " + authorization);
        }
        if (!m.group(1).equals(accessKeyId)) {
            return new AwsFault(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        if (!m.group(4).equals(service)) {
            return new AwsFault(403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: '" + service + "'.");
        }
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        if (amzDate == null || !amzDate.startsWith(m.group(2))) {
            return new AwsFault(403, "SignatureDoesNotMatch", "X-Amz-Date is missing or outside the credential's date");
        }
        String scope = m.group(2) + "/" + m.group(3) + "/" + service + "/aws4_request";
        String canonical = canonicalRequest(exchange, m.group(5), body);
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), m.group(2));
        key = hmac(key, m.group(3));
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, toSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), m.group(6).getBytes(StandardCharsets.US_ASCII))) {
            return new AwsFault(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided.");
        }
        return null;
    }

    private static String canonicalRequest(HttpExchange exchange, String signedHeaders, byte[] body) {
        StringBuilder headers = new StringBuilder();
        for (String name : List.of(signedHeaders.split(";"))) {
            List<String> values = exchange.getRequestHeaders().get(name);
            String value = values == null ? "" : String.join(",", values.stream().map(v -> v.trim().replaceAll("\\s+", " ")).toList());
            headers.append(name.toLowerCase(Locale.ROOT)).append(':').append(value).append('\n');
        }
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        return exchange.getRequestMethod() + "\n" + (path == null || path.isEmpty() ? "/" : path) + "\n"
                + (query == null ? "" : canonicalQuery(query)) + "\n" + headers + "\n" + signedHeaders + "\n" + hex(sha256(body));
    }

    private static String canonicalQuery(String rawQuery) {
        return String.join("&", List.of(rawQuery.split("&")).stream().sorted().toList());
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
