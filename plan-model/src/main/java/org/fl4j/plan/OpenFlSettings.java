package org.fl4j.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The optional {@code openfl} section: the federation also serves OpenFL's protocol, so collaborators running
 * OpenFL's own {@code fx collaborator start} join it unchanged. {@code fx plan import-openfl} writes it from an
 * OpenFL workspace. OpenFL's collaborators address the aggregator by the uuids their plan yields, which every
 * request must carry; the models of such a federation are OpenFL's {@code .pbuf} files.
 *
 * @param federationUuid OpenFL's federation uuid, {@code <plan file name>_<first 8 hex digits of its hash>}
 * @param aggregatorUuid OpenFL's aggregator uuid, {@code aggregator_<federation uuid>} unless set
 * @param taskFunctions the OpenFL function name of each task (e.g. {@code train: train_task}), told to
 *     collaborators with their tasks; a task not listed is told its fl4j function
 */
public record OpenFlSettings(String template, String federationUuid, String aggregatorUuid,
        Map<String, String> taskFunctions) {

    public static final String TEMPLATE = "fl4j.OpenFL";

    public OpenFlSettings {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(federationUuid, "federationUuid");
        Objects.requireNonNull(aggregatorUuid, "aggregatorUuid");
        taskFunctions = Collections.unmodifiableMap(new LinkedHashMap<>(taskFunctions));
    }

    static OpenFlSettings read(Fields plan) {
        Fields f = CoreSections.section(plan, "openfl", TEMPLATE);
        f.onlyKeys(java.util.List.of("federation_uuid", "aggregator_uuid", "task_functions"));
        String federation = f.string("federation_uuid", null);
        if (!federation.isEmpty() && !federation.matches("[A-Za-z0-9._-]+")) {
            f.problems().add(f.where("federation_uuid"), f.at("federation_uuid"), f.at("federation_uuid")
                    + " may hold letters, digits, '.', '_' and '-', found '" + federation + "'");
        }
        String aggregator = f.string("aggregator_uuid", "aggregator_" + federation);
        Map<String, String> functions = new LinkedHashMap<>();
        f.settings("task_functions").asMap().forEach((task, fn) -> functions.put(task, String.valueOf(fn)));
        return new OpenFlSettings(TEMPLATE, federation, aggregator, functions);
    }

    /** The OpenFL function name of {@code task}. */
    public String functionOf(TaskSpec task) {
        return taskFunctions.getOrDefault(task.name(), task.function());
    }
}
