package io.flowplane.xds.snapshot;

/** The unique key of every Flowplane resource within its kind: references between resources use it. */
record TeamName(String team, String name) {}
