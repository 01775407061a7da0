package io.flowplane.workflows.operation;

import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The numbered steps of one operation and where each stands: what the {@code progress()} query returns,
 * what the Web UI shows as current details, and where step durations are measured. Workflow code only.
 */
public final class Runbook {
    private final String kind;
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private String headline;

    public Runbook(String kind) {
        this.kind = kind;
    }

    public void plan(List<String> names) {
        names.forEach(this::add);
    }

    public void add(String name) {
        steps.putIfAbsent(name, new Step(steps.size() + 1, name));
    }

    public List<String> plan() {
        return List.copyOf(steps.keySet());
    }

    /**
     * Runs a whole operation: tags it for the Web UI and the API ({@code FlowplaneKind}, {@code FlowplaneTarget}),
     * counts it started and then succeeded or failed, and after a failure marks every step not begun as skipped.
     *
     * @param countsAsFailed whether a result that came back still counts as a failure (an aborted run)
     */
    public <T> T operate(String target, Supplier<T> body, Predicate<T> countsAsFailed) {
        OperationSearchAttributes.tag(kind, target);
        OperationMetrics.started(kind);
        try {
            T result = body.get();
            if (countsAsFailed.test(result)) {
                OperationMetrics.failed(kind);
            } else {
                OperationMetrics.succeeded(kind);
            }
            return result;
        } catch (RuntimeException e) {
            skipPending("not reached: " + Failures.describe(e));
            OperationMetrics.failed(kind);
            throw e;
        }
    }

    /** Runs one step; its result becomes the step's detail through {@code describe}. */
    public <T> T run(String name, Functions.Func<T> action, Function<T, String> describe) {
        start(name, null);
        T result;
        try {
            result = action.apply();
        } catch (RuntimeException e) {
            fail(name, Failures.describe(e));
            throw e;
        }
        finish(name, describe.apply(result));
        return result;
    }

    public void run(String name, Functions.Proc action, String doneDetail) {
        run(name, () -> {
            action.apply();
            return doneDetail;
        }, detail -> detail);
    }

    public void start(String name, String detail) {
        Step step = step(name);
        step.state = StepState.RUNNING;
        step.startedAt = Workflow.currentTimeMillis();
        step.detail = detail;
        publish(step);
    }

    public void waitForApproval(String name, String detail) {
        Step step = step(name);
        step.state = StepState.WAITING_FOR_APPROVAL;
        step.startedAt = Workflow.currentTimeMillis();
        step.detail = detail;
        publish(step);
    }

    public void note(String name, String detail) {
        Step step = step(name);
        step.detail = detail;
        publish(step);
    }

    public void finish(String name, String detail) {
        end(step(name), StepState.DONE, detail);
    }

    public void fail(String name, String detail) {
        end(step(name), StepState.FAILED, detail);
    }

    public void skip(String name, String why) {
        Step step = step(name);
        step.state = StepState.SKIPPED;
        step.detail = why;
        publish(step);
    }

    /** Marks every step not yet begun as skipped, e.g. after a dry run or a failure. */
    public void skipPending(String why) {
        steps.values().stream().filter(s -> s.state == StepState.PENDING).forEach(s -> {
            s.state = StepState.SKIPPED;
            s.detail = why;
        });
    }

    /** What the Web UI's timeline shows on an activity call of this step: "5/10 await-replica-replay · us-east-2". */
    public String summary(String name, String subject) {
        Step step = step(name);
        return step.number + "/" + steps.size() + " " + name + (subject == null || subject.isBlank() ? "" : " · " + subject);
    }

    public StepState state(String name) {
        return step(name).state;
    }

    public List<StepProgress> progress() {
        List<StepProgress> out = new ArrayList<>(steps.size());
        steps.values().forEach(s -> out.add(new StepProgress(s.number, s.name, s.state, s.startedAt, s.finishedAt, s.detail)));
        return out;
    }

    private void end(Step step, StepState state, String detail) {
        if (step.startedAt == null) {
            step.startedAt = Workflow.currentTimeMillis();
        }
        step.state = state;
        step.finishedAt = Workflow.currentTimeMillis();
        step.detail = detail;
        OperationMetrics.stepTook(kind, step.name, step.finishedAt - step.startedAt);
        publish(step);
    }

    /** One line above the current step in the Web UI, such as where a writer moves from and to. */
    public void headline(String line) {
        headline = line;
    }

    private void publish(Step step) {
        Workflow.setCurrentDetails((headline == null ? "" : headline + "\n\n") + "**" + kind + "** step " + step.number + "/"
                + steps.size() + " `" + step.name + "`: " + step.state + (step.detail == null ? "" : " — " + step.detail));
    }

    private Step step(String name) {
        Step step = steps.get(name);
        if (step == null) {
            throw new IllegalStateException("no step named " + name + " in " + steps.keySet());
        }
        return step;
    }

    private static final class Step {
        final int number;
        final String name;
        StepState state = StepState.PENDING;
        Long startedAt;
        Long finishedAt;
        String detail;

        Step(int number, String name) {
            this.number = number;
            this.name = name;
        }
    }
}
