package io.flowplane.core.store;

import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Where a store runs its statements: a pool (each call on its own) or one open transaction. */
interface HandleSource {
    <R> R with(Function<Handle, R> work);

    static HandleSource of(Jdbi jdbi) {
        return new HandleSource() {
            @Override
            public <R> R with(Function<Handle, R> work) {
                return jdbi.withHandle(work::apply);
            }
        };
    }

    static HandleSource of(Handle handle) {
        return new HandleSource() {
            @Override
            public <R> R with(Function<Handle, R> work) {
                return work.apply(handle);
            }
        };
    }
}
