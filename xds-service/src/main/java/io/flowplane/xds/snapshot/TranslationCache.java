package io.flowplane.xds.snapshot;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Translations by record id, reused while the record is unchanged: the same object after an update
 * from the change log, an equal one after a full reload. A change costs the translation of what
 * changed, not of the whole fleet.
 */
final class TranslationCache<S, T> {
    private record Entry<S, T>(S source, T translation) {}

    private final Map<String, Entry<S, T>> byId = new HashMap<>();
    private final Function<S, String> id;
    private final Function<S, T> translate;

    TranslationCache(Function<S, String> id, Function<S, T> translate) {
        this.id = id;
        this.translate = translate;
    }

    T get(S source) {
        String key = id.apply(source);
        Entry<S, T> entry = byId.get(key);
        if (entry == null || (entry.source() != source && !entry.source().equals(source))) {
            entry = new Entry<>(source, translate.apply(source));
            byId.put(key, entry);
        }
        return entry.translation();
    }

    /** Drops the translations of records that no longer exist. */
    void retainIf(Predicate<String> exists) {
        byId.keySet().removeIf(exists.negate());
    }

    /** {@link #retainIf} for just these ids: the ones a change touched. */
    void retainIf(Collection<String> ids, Predicate<String> exists) {
        for (String key : ids) {
            if (!exists.test(key)) {
                byId.remove(key);
            }
        }
    }
}
