package io.flowplane.workflows.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.workflows.controlplane.RollingRestartRequest;
import io.flowplane.workflows.controlplane.RollingRestartResult;
import io.flowplane.workflows.controlplane.RotationRequest;
import io.flowplane.workflows.controlplane.RotationResult;
import io.flowplane.workflows.failover.FailoverMode;
import io.flowplane.workflows.failover.FailoverRequest;
import io.flowplane.workflows.failover.FailoverResult;
import io.flowplane.workflows.failover.LeftBehindControlPlane;
import io.flowplane.workflows.failover.PreflightCheck;
import io.flowplane.workflows.failover.PreflightReport;
import io.flowplane.workflows.operation.StepProgress;
import io.flowplane.workflows.testing.FakeCluster;
import io.temporal.activity.ActivityInterface;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.workflow.WorkflowInterface;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Temporal's default JSON converter refuses unknown properties, so a helper that looks like a getter
 * (isX(), getX()) on a record breaks the workflow task that receives it. Every input and result goes round:
 * the hand-made values below (real states: unreachable members, reports), and one value of every record
 * a workflow or activity interface carries, found from the interfaces so a new record cannot be missed.
 */
class RecordsSurviveTheDataConverterTest {
    private final DataConverter converter = DefaultDataConverter.newDefaultInstance();

    @Test
    void everyRecordRoundTrips() {
        MemberStatus primary = FakeCluster.primary("east");
        MemberStatus replica = FakeCluster.replica("west");
        ControlPlaneStatus status = new ControlPlaneStatus("http://xds", true, null, "xds-service", "east:5432/flowplane",
                false, true, 42, 3, false, 2, true);
        PreflightReport report = PreflightCheck.evaluate("main", FailoverMode.PLANNED, "west", List.of(primary, replica), List.of(status));
        PreflightReport leavingOneBehind = PreflightCheck.evaluate("main", FailoverMode.UNPLANNED, "west",
                List.of(MemberStatus.unreachable("east", "east:5432/flowplane", "refused"), replica),
                List.of(status, ControlPlaneStatus.unreachable("http://api", "refused")));
        List<Object> values = List.of(
                primary, replica, MemberStatus.unreachable("east", "east:5432/flowplane", "refused"), status,
                ControlPlaneStatus.unreachable("http://api", "refused"),
                new HealthExpectation("west:5432/flowplane", 3, true, true, 300),
                new ConfigSnapshot("east", 42, Map.of("teams", 1L)),
                new FenceResult("east", false, 2), new ReplayResult("west", "0/1", "0/2", "0/2"),
                new PromotionResult("west", true, false, "promoted west"),
                new ClusterTopology("main", List.of("east"), List.of("http://api")),
                report, leavingOneBehind, new LeftBehindControlPlane("http://api", "refused"),
                FailoverRequest.planned("main", "west"), RotationRequest.of("main", "west"),
                RollingRestartRequest.ofCluster("main", 5));
        for (Object value : values) {
            Object back = converter.fromPayload(converter.toPayload(value).orElseThrow(), value.getClass(), value.getClass());
            assertThat(back).as(value.getClass().getSimpleName()).isEqualTo(value);
        }
    }

    @Test
    void everyRecordTheWorkflowAndActivityInterfacesCarryRoundTrips() throws Exception {
        Set<Class<?>> records = new LinkedHashSet<>();
        for (Class<?> carrier : workflowAndActivityInterfaces()) {
            for (Method method : carrier.getDeclaredMethods()) {
                collectRecords(method.getGenericReturnType(), records);
                for (Type parameter : method.getGenericParameterTypes()) {
                    collectRecords(parameter, records);
                }
            }
        }
        assertThat(records).as("records found through the interfaces")
                .contains(FailoverResult.class, RotationResult.class, RollingRestartResult.class, StepProgress.class,
                        DatabaseStatus.class, FailoverRequest.class, MemberStatus.class);
        for (Class<?> type : records) {
            Object value = sample(type);
            Object back = converter.fromPayload(converter.toPayload(value).orElseThrow(), type, type);
            assertThat(back).as(type.getSimpleName()).isEqualTo(value);
        }
    }

    /** Every @WorkflowInterface and @ActivityInterface of the workflows module, read from its compiled classes. */
    private static List<Class<?>> workflowAndActivityInterfaces() throws URISyntaxException, IOException, ClassNotFoundException {
        Path classes = Path.of(PostgresActivities.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(file -> file.toString().endsWith(".class") && !file.getFileName().toString().contains("$"))
                    .forEach(file -> names.add(classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "")));
        }
        List<Class<?>> interfaces = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name);
            if (type.isAnnotationPresent(WorkflowInterface.class) || type.isAnnotationPresent(ActivityInterface.class)) {
                interfaces.add(type);
            }
        }
        assertThat(interfaces).as("interfaces found in " + classes).hasSizeGreaterThanOrEqualTo(8);
        return interfaces;
    }

    private static void collectRecords(Type type, Set<Class<?>> records) {
        if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                collectRecords(argument, records);
            }
        } else if (type instanceof Class<?> plain && plain.isRecord() && records.add(plain)) {
            for (RecordComponent component : plain.getRecordComponents()) {
                collectRecords(component.getGenericType(), records);
            }
        }
    }

    /** A value of {@code type} with every component set (no nulls), so each one goes through the converter. */
    private static Object sample(Type type) throws ReflectiveOperationException {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.equals(raw)) {
                return List.of(sample(arguments[0]));
            }
            if (Map.class.equals(raw)) {
                return Map.of(sample(arguments[0]), sample(arguments[1]));
            }
            throw new AssertionError("no sample for " + type + ": teach this test");
        }
        Class<?> plain = (Class<?>) type;
        if (plain == String.class) {
            return "west";
        } else if (plain == int.class || plain == Integer.class) {
            return 3;
        } else if (plain == long.class || plain == Long.class) {
            return 42L;
        } else if (plain == double.class || plain == Double.class) {
            return 0.25;
        } else if (plain == boolean.class || plain == Boolean.class) {
            return true;
        } else if (plain.isEnum()) {
            return plain.getEnumConstants()[plain.getEnumConstants().length - 1];
        } else if (plain.isRecord()) {
            RecordComponent[] components = plain.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i].getGenericType());
                types[i] = components[i].getType();
            }
            return plain.getDeclaredConstructor(types).newInstance(values);
        }
        throw new AssertionError("no sample for " + type + ": teach this test");
    }

}
