package io.flowplane.xds.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** All resources of one type for one dataplane, by name. Immutable. */
public final class ResourceSet {
    public static final ResourceSet EMPTY = new ResourceSet(new TreeMap<>());

    private final NavigableMap<String, VersionedResource> byName;
    private final ResourceSelection all;

    private ResourceSet(NavigableMap<String, VersionedResource> byName) {
        this.byName = Collections.unmodifiableNavigableMap(byName);
        this.all = ResourceSelection.of(List.copyOf(byName.values()));
    }

    public static ResourceSet of(Collection<VersionedResource> resources) {
        NavigableMap<String, VersionedResource> byName = new TreeMap<>();
        for (VersionedResource r : resources) {
            if (byName.putIfAbsent(r.name(), r) != null) {
                throw new IllegalArgumentException("duplicate resource name " + r.name());
            }
        }
        return new ResourceSet(byName);
    }

    public ResourceSelection all() {
        return all;
    }

    /** The named resources that exist; names that do not exist are left out. */
    public ResourceSelection select(Collection<String> names) {
        List<VersionedResource> selected = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            VersionedResource r = byName.get(name);
            if (r != null) {
                selected.add(r);
            }
        }
        return ResourceSelection.of(selected);
    }

    public VersionedResource get(String name) {
        return byName.get(name);
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public int size() {
        return byName.size();
    }
}
