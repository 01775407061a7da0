package io.flowplane.xds.snapshot;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Translations of the previous build, reused while their source record is unchanged: the model
 * records compare by value, so an untouched row yields an equal key. A change then costs the
 * serialization and hashing of what changed, not of the whole fleet.
 */
final class ResourceMemo {
    private Map<Object, Object> previous = new HashMap<>();
    private Map<Object, Object> current = new HashMap<>();

    void startBuild() {
        current = new HashMap<>();
    }

    /** Keeps only what this build used, so deleted resources do not pile up. */
    void finishBuild() {
        previous = current;
        current = new HashMap<>();
    }

    @SuppressWarnings("unchecked")
    <K, V> V get(K key, Function<K, V> translate) {
        Object value = current.get(key);
        if (value == null) {
            value = previous.get(key);
            if (value == null) {
                value = translate.apply(key);
            }
            current.put(key, value);
        }
        return (V) value;
    }
}
