package org.fl4j.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps the tasks, assigner and straggler_handling_policy sections, and the free-form components. */
final class TaskSections {

    static final String OPENFL_SETTINGS = "settings";
    static final List<String> TASK_KEYS = List.of("function", "kwargs", "aggregation_type");
    static final List<String> COMPONENT_KEYS = List.of("template", "settings");
    static final List<String> ASSIGNERS = List.of(Assigner.RandomGrouped.TEMPLATE, Assigner.StaticGrouped.TEMPLATE);
    static final List<String> STRAGGLERS = List.of(StragglerPolicy.WaitForAll.TEMPLATE,
            StragglerPolicy.CutoffTime.TEMPLATE, StragglerPolicy.Percentage.TEMPLATE);
    /** Percentages of a random assignment must add up to 1 within this tolerance. */
    static final double PERCENT_TOLERANCE = 1e-6;

    private TaskSections() {
    }

    static Map<String, TaskSpec> tasks(Fields plan) {
        Fields f = plan.child("tasks");
        if (f.map().entries().keySet().stream().allMatch(OPENFL_SETTINGS::equals)) {
            f.problems().add(f.map().origin(), "tasks", "tasks must name at least one task");
        }
        Map<String, TaskSpec> tasks = new LinkedHashMap<>();
        for (String name : f.map().entries().keySet()) {
            if (OPENFL_SETTINGS.equals(name)) {
                // OpenFL plans carry an empty tasks.settings; accept that, refuse anything in it.
                if (!f.child(name).map().entries().isEmpty()) {
                    f.problems().add(f.where(name), f.at(name), f.at(name) + " must be empty: give task arguments in"
                            + " tasks.<task>.kwargs");
                }
                continue;
            }
            Fields t = f.child(name);
            t.onlyKeys(TASK_KEYS);
            String function = t.string("function", null);
            Fields kw = t.child("kwargs");
            if (kw.has("apply")) {
                kw.choice("apply", null, List.of("global", "local"));
            } else if (TaskSpec.VALIDATE.equals(function)) {
                kw.problems().add(kw.map().origin(), kw.at("apply"), kw.at("apply")
                        + " is required for a validate task: global (the aggregated model) or local");
            }
            if (kw.has("metrics")) {
                kw.strings("metrics", List.of());
            }
            if (kw.has("epochs")) {
                kw.intValue("epochs", 1, x -> x > 0, "> 0");
            }
            if (kw.has("batch_size")) {
                kw.intValue("batch_size", 1, x -> x > 0, "> 0");
            }
            Settings kwargs = t.settings("kwargs");
            Component aggregation = new Component(TaskSpec.DEFAULT_AGGREGATION,
                    new Settings(t.at("aggregation_type.settings"), Map.of()));
            if (t.has("aggregation_type")) {
                aggregation = component(t, "aggregation_type", null);
            }
            tasks.put(name, new TaskSpec(name, function, kwargs, aggregation));
        }
        return tasks;
    }

    /** A free-form component: a template (required unless {@code fallbackTemplate}) and its settings. */
    static Component component(Fields parent, String key, String fallbackTemplate) {
        Fields c = parent.child(key);
        c.onlyKeys(COMPONENT_KEYS);
        if (fallbackTemplate == null && !parent.has(key)) {
            parent.problems().add(parent.map().origin(), c.path(), "the " + c.path() + " section is required");
            return new Component("", new Settings(c.at("settings"), Map.of()));
        }
        return new Component(c.string("template", fallbackTemplate), c.settings("settings"));
    }

    static Assigner assigner(Fields plan, Set<String> taskNames, List<String> collaborators) {
        Fields a = plan.child("assigner");
        a.onlyKeys(COMPONENT_KEYS);
        if (!plan.has("assigner")) {
            plan.problems().add(plan.map().origin(), "assigner", "the assigner section is required");
            return new Assigner.RandomGrouped(List.of());
        }
        String template = a.choice("template", null, ASSIGNERS);
        Fields s = a.child("settings");
        s.onlyKeys(List.of("task_groups", SamplingSettings.PER_ROUND, SamplingSettings.OVER_SELECTION,
                SamplingSettings.POISSON));
        Sampling sampling = SamplingSettings.read(s, collaborators);
        List<Fields> groups = s.mappings("task_groups");
        if (s.has("task_groups") && groups.isEmpty() && s.map().get("task_groups") instanceof YNode.YList) {
            s.problems().add(s.where("task_groups"), s.at("task_groups"), s.at("task_groups")
                    + " must hold at least one group");
        }
        Set<String> groupNames = new HashSet<>();
        List<String> names = new ArrayList<>();
        List<List<String>> groupTasks = new ArrayList<>();
        boolean isStatic = Assigner.StaticGrouped.TEMPLATE.equals(template);
        for (Fields g : groups) {
            g.onlyKeys(isStatic ? List.of("name", "tasks", "collaborators") : List.of("name", "percentage", "tasks"));
            String name = g.string("name", null);
            if (!name.isEmpty() && !groupNames.add(name)) {
                g.problems().add(g.where("name"), g.at("name"), "duplicate task group name '" + name + "'");
            }
            names.add(name);
            List<String> tasks = g.strings("tasks", null);
            groupTasks.add(tasks);
            if (g.has("tasks") && tasks.isEmpty() && g.map().get("tasks") instanceof YNode.YList) {
                g.problems().add(g.where("tasks"), g.at("tasks"), g.at("tasks") + " must name at least one task");
            }
            for (String task : tasks) {
                if (!taskNames.contains(task)) {
                    g.problems().add(g.where("tasks"), g.at("tasks"), g.at("tasks") + " names task '" + task
                            + "', which is not in tasks" + Suggest.hint(task, taskNames));
                }
            }
        }
        if (isStatic) {
            return staticGrouped(s, groups, names, groupTasks, collaborators, sampling);
        }
        return randomGrouped(s, groups, names, groupTasks, sampling);
    }

    private static Assigner randomGrouped(Fields s, List<Fields> groups, List<String> names,
            List<List<String>> groupTasks, Sampling sampling) {
        List<Assigner.RandomGroup> out = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < groups.size(); i++) {
            double pct = groups.get(i).number("percentage", null, x -> x >= 0 && x <= 1, "between 0 and 1");
            sum += pct;
            out.add(new Assigner.RandomGroup(names.get(i), pct, groupTasks.get(i)));
        }
        if (!groups.isEmpty() && Math.abs(sum - 1.0) > PERCENT_TOLERANCE) {
            s.problems().add(s.where("task_groups"), s.at("task_groups"), "the percentages of "
                    + s.at("task_groups") + " must add up to 1, found " + (float) sum);
        }
        return new Assigner.RandomGrouped(out, sampling);
    }

    private static Assigner staticGrouped(Fields s, List<Fields> groups, List<String> names,
            List<List<String>> groupTasks, List<String> collaborators, Sampling sampling) {
        List<Assigner.StaticGroup> out = new ArrayList<>();
        Map<String, String> groupOf = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            Fields g = groups.get(i);
            String name = names.get(i);
            List<String> members = g.strings("collaborators", null);
            for (String c : members) {
                if (!collaborators.contains(c)) {
                    g.problems().add(g.where("collaborators"), g.at("collaborators"), g.at("collaborators")
                            + " names '" + c + "', which is not in cols.yaml" + Suggest.hint(c, collaborators));
                }
                String other = groupOf.putIfAbsent(c, name);
                if (other != null) {
                    g.problems().add(g.where("collaborators"), g.at("collaborators"), "collaborator '" + c
                            + "' is in task groups '" + other + "' and '" + name + "': put it in exactly one");
                }
            }
            out.add(new Assigner.StaticGroup(name, groupTasks.get(i), members));
        }
        for (String c : collaborators) {
            if (!groupOf.containsKey(c)) {
                s.problems().add(s.where("task_groups"), s.at("task_groups"), "collaborator '" + c
                        + "' of cols.yaml is in no task group of " + s.at("task_groups"));
            }
        }
        return new Assigner.StaticGrouped(out, sampling);
    }

    static StragglerPolicy straggler(Fields plan) {
        Fields p = plan.child("straggler_handling_policy");
        p.onlyKeys(COMPONENT_KEYS);
        String template = p.choice("template", StragglerPolicy.WaitForAll.TEMPLATE, STRAGGLERS);
        Fields s = p.child("settings");
        switch (template) {
            case StragglerPolicy.CutoffTime.TEMPLATE -> {
                s.onlyKeys(List.of("straggler_cutoff_time", "minimum_reporting"));
                return new StragglerPolicy.CutoffTime(
                        s.number("straggler_cutoff_time", null, x -> x > 0, "> 0 (seconds)"),
                        s.intValue("minimum_reporting", 1, x -> x > 0, "> 0"));
            }
            case StragglerPolicy.Percentage.TEMPLATE -> {
                s.onlyKeys(List.of("percent_collaborators_needed", "minimum_reporting"));
                return new StragglerPolicy.Percentage(
                        s.number("percent_collaborators_needed", null, x -> x > 0 && x <= 1, "in (0, 1]"),
                        s.intValue("minimum_reporting", 1, x -> x > 0, "> 0"));
            }
            default -> {
                s.onlyKeys(List.of());
                return new StragglerPolicy.WaitForAll();
            }
        }
    }
}
