package io.flowplane.api.testing;

import io.flowplane.api.testing.HostileCase.Culprit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Hostile headers for one operation: bearer tokens, If-Match versions and Accept types no request should carry. */
public final class HostileHeaders {
    private static final Set<Integer> UNAUTHORIZED = Set.of(401);

    private final String liveToken;

    public HostileHeaders(String liveToken) {
        this.liveToken = liveToken;
    }

    public List<HostileCase> of(RequestTemplate template) {
        List<HostileCase> cases = new ArrayList<>();
        String operation = template.operation().toString();
        cases.add(new HostileCase(operation, "Authorization header of 100 KB",
                template.withHeader("Authorization", "Bearer " + "a".repeat(100 * 1024)).request(), Set.of(431, 400),
                Culprit.REQUEST, null));
        // Control characters break the header block itself: refused before any header is read by name.
        for (String value : List.of("Bearer x\u0000y", "Bearer x\u0007y")) {
            cases.add(new HostileCase(operation, "Authorization '" + abbreviate(value) + "'",
                    template.withHeader("Authorization", value).request(), Set.of(400, 401), Culprit.REQUEST, null));
        }
        if (!template.operation().isPublic()) {
            cases.addAll(authorization(template));
        }
        for (String value : List.of("yesterday", "\"1\", \"2\"", "W/", "\"-1\"", "\"99999999999999999999\"", "\"1e400\"",
                "\"0\"", "\"" + "9".repeat(4096) + "\"", "\"1\u00e9\"")) {
            if (template.operation().in("header").stream().anyMatch(h -> h.name().equals("If-Match"))) {
                cases.add(header(template, "If-Match", value, "malformed If-Match " + abbreviate(value), Set.of(400, 412)));
            }
        }
        for (String accept : List.of("application/xml", "text/html")) {
            cases.add(header(template, "Accept", accept, "Accept " + accept, Set.of(406)));
        }
        cases.add(header(template, "Accept", ";;;/", "malformed Accept", Set.of(400, 406)));
        return cases;
    }

    private List<HostileCase> authorization(RequestTemplate template) {
        List<HostileCase> cases = new ArrayList<>();
        cases.add(header(template, "Authorization", null, "no Authorization header", UNAUTHORIZED));
        for (String value : List.of("Bearer", "Bearer ", "Bearer    ", "Basic YWRtaW46YWRtaW4=", "Bearer not-a-token",
                "Bearer a b c", "Bearer " + liveToken + "x", "Bearer " + liveToken.substring(1), "Token " + liveToken,
                "Bearer " + "a".repeat(4096), "Bearer \u00e9\u00ff", "Bearer '; DROP TABLE api_tokens; --")) {
            cases.add(header(template, "Authorization", value, "Authorization '" + abbreviate(value) + "'", UNAUTHORIZED));
        }
        RequestTemplate twice = template.withHeader("Authorization", "Bearer not-a-token");
        List<String[]> headers = new ArrayList<>(twice.headers());
        headers.add(new String[] {"Authorization", "Bearer " + liveToken});
        cases.add(new HostileCase(template.operation().toString(), "two Authorization headers, one live",
                new RawHttp.Request(template.operation().method(), template.target(), headers, template.body(), false),
                Set.of(400, 401), Culprit.HEADER, "Authorization"));
        return cases;
    }

    private static HostileCase header(RequestTemplate template, String name, String value, String description,
            Set<Integer> statuses) {
        return new HostileCase(template.operation().toString(), description, template.withHeader(name, value).request(), statuses,
                Culprit.HEADER, name);
    }

    static String abbreviate(String value) {
        String printable = value.replace("\u0000", "\\0").replace("\u0007", "\\a");
        return printable.length() <= 40 ? printable : printable.substring(0, 37) + "...";
    }
}
