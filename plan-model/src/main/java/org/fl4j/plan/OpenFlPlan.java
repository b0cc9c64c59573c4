package org.fl4j.plan;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An OpenFL plan merged as OpenFL's {@code Plan.parse} merges it: every section gets a {@code settings}
 * mapping; then, section by section in sorted order, the file its {@code defaults} key names (relative to the
 * workspace; OpenFL 1.6 reads its own installed copy of the same file) is loaded, the section's settings replace
 * the defaults' settings key by key, and the section's other keys replace the defaults' keys. The merged plan,
 * dumped as PyYAML dumps it ({@link PyYamlDump}), is what OpenFL hashes (SHA-384): its federation uuid is
 * {@code <plan file name>_<first 8 hex digits>}, its automatic port {@code 49152 + int(hash[:8], 16) % 11847}.
 * Values keep their origins (file, line, column) for messages.
 */
final class OpenFlPlan {

    static final String SETTINGS = "settings";
    static final String DEFAULTS = "defaults";

    final YNode.YMap merged;
    final String fileName;
    final String hash;

    private OpenFlPlan(YNode.YMap merged, String fileName) {
        this.merged = merged;
        this.fileName = fileName;
        this.hash = sha384(PyYamlDump.dump(merged.toPlain()));
    }

    /** Reads {@code planFile} and the defaults it names; problems go to {@code problems}. */
    static Optional<OpenFlPlan> read(Path workspace, Path planFile, Problems problems) {
        PlanFiles display = new PlanFiles(workspace, planFile, Path.of(PlanFiles.COLS), Path.of(PlanFiles.DATA));
        YamlFiles yaml = new YamlFiles(problems);
        Optional<YNode> root = yaml.read(planFile, display.display(planFile));
        if (root.isEmpty()) {
            return Optional.empty();
        }
        if (!(root.get() instanceof YNode.YMap plan)) {
            problems.add(root.get().origin(), "", "an OpenFL plan must be a mapping of sections, found "
                    + root.get().describe());
            return Optional.empty();
        }
        YNode.YMap config = plan;
        for (String section : new ArrayList<>(plan.entries().keySet())) {
            if (!(plan.get(section) instanceof YNode.YMap s)) {
                problems.add(plan.get(section).origin(), section, section + ": expected a mapping, found "
                        + plan.get(section).describe());
                return Optional.empty();
            }
            if (s.get(SETTINGS) == null || s.get(SETTINGS) instanceof YNode.YScalar v && v.value() == null) {
                config = config.with(section, plan.keyOrigin(section), s.with(SETTINGS, s.origin(),
                        YNode.YMap.empty(s.origin())));
            }
        }
        List<String> sorted = new ArrayList<>(config.entries().keySet());
        sorted.sort(null);
        for (String section : sorted) {
            YNode.YMap s = (YNode.YMap) config.get(section);
            YNode defaultsName = s.get(DEFAULTS);
            if (defaultsName == null) {
                continue;
            }
            s = s.without(DEFAULTS);
            if (!(defaultsName instanceof YNode.YScalar n && n.value() instanceof String name)) {
                problems.add(defaultsName.origin(), section + ".defaults", section + ".defaults: expected a file name,"
                        + " found " + defaultsName.describe());
                continue;
            }
            Path file = workspace.resolve(name).normalize();
            Optional<YNode> d = yaml.read(file, display.display(file));
            if (d.isEmpty()) {
                continue;
            }
            if (!(d.get() instanceof YNode.YMap defaults)) {
                problems.add(d.get().origin(), section, name + " must be a mapping, found " + d.get().describe());
                continue;
            }
            if (defaults.get(SETTINGS) instanceof YNode.YMap ds && s.get(SETTINGS) instanceof YNode.YMap own) {
                for (String key : own.entries().keySet()) {
                    ds = ds.with(key, own.keyOrigin(key), own.get(key));
                }
                s = s.with(SETTINGS, s.keyOrigin(SETTINGS), ds);
            }
            for (String key : s.entries().keySet()) {
                defaults = defaults.with(key, s.keyOrigin(key), s.get(key));
            }
            config = config.with(section, config.keyOrigin(section), defaults);
        }
        return Optional.of(new OpenFlPlan(config, planFile.getFileName().toString()));
    }

    String federationUuid() {
        return fileName + "_" + hash.substring(0, 8);
    }

    /** OpenFL's port for {@code agg_port: auto}. */
    int autoPort() {
        return (int) (Long.parseLong(hash.substring(0, 8), 16) % (60999 - 49152) + 49152);
    }

    private static String sha384(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-384")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is required of every Java platform", e);
        }
    }
}
