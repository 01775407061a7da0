package io.flowplane.api.checks;

import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.api.errors.SafeText;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Query and path parameters, checked by name before a resource method runs, as body fields are: a
 * query parameter the endpoint does not take, one given twice, and values with control characters or
 * over {@value #MAX_LENGTH} characters (nothing Flowplane stores is that long) are refused.
 */
@Provider
@Priority(Priorities.USER)
public class ParameterCheck implements ContainerRequestFilter {
    static final int MAX_LENGTH = 256;

    private final Map<Method, Set<String>> queryNames = new ConcurrentHashMap<>();

    @Context
    private ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        MultivaluedMap<String, String> query;
        try {
            query = request.getUriInfo().getQueryParameters();
        } catch (IllegalArgumentException e) {
            request.abortWith(new ApiException(400, "invalid_parameter", "the query string is not valid percent-encoding", null)
                    .toResponse());
            return;
        }
        problem(queryNames.computeIfAbsent(method, ParameterCheck::queryParameters), query, request.getUriInfo().getPathParameters())
                .ifPresent(refusal -> request.abortWith(refusal.toResponse()));
    }

    private static Optional<ApiException> problem(Set<String> accepted, MultivaluedMap<String, String> query,
            MultivaluedMap<String, String> path) {
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            String name = parameter.getKey();
            if (!accepted.contains(name)) {
                return Optional.of(refusal(name, "unknown query parameter; "
                        + (accepted.isEmpty() ? "this endpoint takes none" : "this endpoint takes " + String.join(", ", accepted))));
            }
            if (parameter.getValue().size() > 1) {
                return Optional.of(refusal(name, "is given " + parameter.getValue().size() + " times; give it once"));
            }
            Optional<ApiException> value = value(name, parameter.getValue().get(0));
            if (value.isPresent()) {
                return value;
            }
        }
        for (Map.Entry<String, List<String>> parameter : path.entrySet()) {
            Optional<ApiException> value = value(parameter.getKey(), parameter.getValue().get(0));
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    private static Optional<ApiException> value(String name, String value) {
        if (value.length() > MAX_LENGTH) {
            return Optional.of(refusal(name, "is longer than " + MAX_LENGTH + " characters"));
        }
        return SafeText.problemInParameter(value).map(problem -> refusal(name, problem));
    }

    private static ApiException refusal(String name, String message) {
        String field = name.length() <= 64 ? name : null;
        return new ApiException(400, "invalid_parameter", (field == null ? Echo.quote(name) : name) + ": " + message, field);
    }

    private static Set<String> queryParameters(Method method) {
        Set<String> names = new TreeSet<>();
        for (Parameter parameter : method.getParameters()) {
            QueryParam query = parameter.getAnnotation(QueryParam.class);
            if (query != null) {
                names.add(query.value());
            }
        }
        return names;
    }
}
