package io.flowplane.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A request header a route requires: its exact value, or only its presence ({@code present: false} = absent). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeaderMatch(String name, String exact, Boolean present) {}
