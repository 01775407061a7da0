package io.flowplane.api.failovers;

import io.flowplane.workflows.operation.StepProgress;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;

/** The generic type of the progress query's answer, so Temporal decodes StepProgress records, not maps. */
final class StepProgressList {
    static final Type TYPE = new ParameterizedType() {
        @Override
        public Type[] getActualTypeArguments() {
            return new Type[] {StepProgress.class};
        }

        @Override
        public Type getRawType() {
            return List.class;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }
    };

    private StepProgressList() {}
}
