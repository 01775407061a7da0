package io.flowplane.core.model;

/** One share of a route's traffic: the cluster (by name, same team) and its relative weight. */
public record WeightedCluster(String cluster, Integer weight) {}
