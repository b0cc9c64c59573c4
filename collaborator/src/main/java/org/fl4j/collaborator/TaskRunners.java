package org.fl4j.collaborator;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.collaborator.spi.TaskRunnerFactory;

/** Finds the {@link TaskRunnerFactory} a plan's {@code task_runner.template} names, with {@link ServiceLoader}. */
public final class TaskRunners {

    private TaskRunners() {
    }

    /** The factory of {@code template}; the error lists the templates on the class path. */
    public static TaskRunnerFactory factory(String template) {
        List<String> known = new ArrayList<>();
        for (TaskRunnerFactory f : ServiceLoader.load(TaskRunnerFactory.class, loader())) {
            if (f.template().equals(template)) {
                return f;
            }
            known.add(f.template());
        }
        throw new IllegalArgumentException("task_runner.template: no task runner '" + template
                + "' on the class path" + (known.isEmpty() ? "" : "; available: " + String.join(", ", known)));
    }

    /** Creates the runner the template names. */
    public static TaskRunner create(String template, RunnerContext context) throws Exception {
        return factory(template).create(context);
    }

    private static ClassLoader loader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : TaskRunners.class.getClassLoader();
    }
}
