package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplingSettingsTest {

    private static final String DEFAULTS = "  defaults: plan/defaults/assigner.yaml\n";

    @TempDir
    Path dir;

    /** A keras workspace with collaborators c0..c{n-1} whose assigner section adds {@code settings}. */
    private Path workspace(int n, String settings) throws IOException {
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = "c" + i;
        }
        TestPlans.workspace(dir, "keras_cnn_mnist", names);
        Path plan = dir.resolve("plan/plan.yaml");
        String text = Files.readString(plan);
        assertThat(text).contains("assigner:\n" + DEFAULTS);
        Files.writeString(plan, text.replace("assigner:\n" + DEFAULTS, "assigner:\n" + DEFAULTS + "  settings:\n"
                + settings));
        return dir;
    }

    /** The line of plan.yaml holding {@code text}, counted from 1. */
    private int lineOf(String text) throws IOException {
        var lines = Files.readAllLines(dir.resolve("plan/plan.yaml"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in plan.yaml");
    }

    @Test
    void read_noSampling_everyoneAndHashUnchanged() throws IOException {
        Plan plain = PlanReader.read(TestPlans.kerasWorkspace(dir.resolve("plain")));

        assertThat(plain.assigner().sampling()).isEqualTo(Sampling.ALL);
        assertThat(plain.toYaml()).doesNotContain("collaborators_per_round", "over_selection");
    }

    @Test
    void read_count_targetAndOverSelection() throws IOException {
        Plan plan = PlanReader.read(workspace(10, "    collaborators_per_round: 4\n    over_selection: 0.5\n"));

        Sampling s = plan.assigner().sampling();
        assertThat(s).isEqualTo(new Sampling(4, 0, 0.5));
        assertThat(s.target(10)).isEqualTo(4);
        assertThat(s.selected(10)).isEqualTo(6);
        assertThat(plan.assigner().taskNames()).contains("train");
        Files.writeString(dir.resolve("plan/plan.yaml"), plan.toYaml());
        Plan again = PlanReader.read(dir);
        assertThat(again.assigner().sampling()).isEqualTo(s);
        assertThat(again.hash()).isEqualTo(plan.hash());
    }

    @Test
    void read_fraction_roundsUpAndCapsAtEveryone() throws IOException {
        Plan plan = PlanReader.read(workspace(10, "    collaborators_per_round: 0.25\n    over_selection: 1.0\n"));

        Sampling s = plan.assigner().sampling();
        assertThat(s.fraction()).isEqualTo(0.25);
        assertThat(s.target(10)).isEqualTo(3);
        assertThat(s.selected(10)).isEqualTo(6);
        assertThat(s.selected(4)).isEqualTo(2);
        assertThat(new Sampling(0, 1.0, 0.2).selected(7)).isEqualTo(7);
        Files.writeString(dir.resolve("plan/plan.yaml"), plan.toYaml());
        assertThat(PlanReader.read(dir).hash()).isEqualTo(plan.hash());
    }

    @Test
    void read_moreThanRegistered_namesSettingAndPlace() throws IOException {
        workspace(3, "    collaborators_per_round: 5\n");
        int line = lineOf("collaborators_per_round");

        assertThatThrownBy(() -> PlanReader.read(dir)).isInstanceOf(PlanException.class)
                .hasMessageContaining("plan/plan.yaml:" + line + ":30: assigner.settings.collaborators_per_round"
                        + " asks for 5 collaborators a round, cols.yaml registers 3");
    }

    @Test
    void read_zero_namesSettingAndPlace() throws IOException {
        workspace(3, "    collaborators_per_round: 0\n");
        int line = lineOf("collaborators_per_round");

        assertThatThrownBy(() -> PlanReader.read(dir)).isInstanceOf(PlanException.class)
                .hasMessageContaining("plan/plan.yaml:" + line + ":30: assigner.settings.collaborators_per_round"
                        + " must be at least 1 (a number of collaborators) or a decimal in (0, 1] (a share of them),"
                        + " found 0");
    }

    @Test
    void read_fractionOutsideUnitInterval_namesSettingAndPlace() throws IOException {
        workspace(3, "    collaborators_per_round: 1.5\n");
        int line = lineOf("collaborators_per_round");

        assertThatThrownBy(() -> PlanReader.read(dir)).isInstanceOf(PlanException.class)
                .hasMessageContaining("plan/plan.yaml:" + line + ":30: assigner.settings.collaborators_per_round as a"
                        + " share of the collaborators must be in (0, 1], found 1.5");
    }

    @Test
    void read_negativeFractionAndText_eachReported() throws IOException {
        workspace(3, "    collaborators_per_round: -0.1\n    over_selection: -1\n");

        assertThatThrownBy(() -> PlanReader.read(dir)).isInstanceOf(PlanException.class)
                .hasMessageContaining("assigner.settings.collaborators_per_round as a share of the collaborators must"
                        + " be in (0, 1], found -0.1")
                .hasMessageContaining("assigner.settings.over_selection must be >= 0, found -1");
        workspace(3, "    collaborators_per_round: many\n");
        assertThatThrownBy(() -> PlanReader.read(dir)).isInstanceOf(PlanException.class)
                .hasMessageContaining("assigner.settings.collaborators_per_round: expected an integer (a number of"
                        + " collaborators) or a decimal in (0, 1] (a share of them), found");
    }

    @Test
    void read_overSelectionAlone_refused() throws IOException {
        workspace(3, "    over_selection: 0.2\n");

        assertThatThrownBy(() -> PlanReader.read(dir)).isInstanceOf(PlanException.class)
                .hasMessageContaining("assigner.settings.over_selection needs"
                        + " assigner.settings.collaborators_per_round");
    }

    @Test
    void read_poisson_rateKeptThroughTheCanonicalPlan() throws IOException {
        Plan plan = PlanReader.read(workspace(10, "    collaborators_per_round: 0.3\n    poisson_sampling: true\n"));

        Sampling s = plan.assigner().sampling();
        assertThat(s).isEqualTo(new Sampling(0, 0.3, 0, true));
        assertThat(s.rate(10)).isEqualTo(0.3);
        assertThat(new Sampling(4, 0, 0, true).rate(10)).isEqualTo(0.4);
        Files.writeString(dir.resolve("plan/plan.yaml"), plan.toYaml());
        Plan again = PlanReader.read(dir);
        assertThat(again.assigner().sampling()).isEqualTo(s);
        assertThat(again.hash()).isEqualTo(plan.hash());
        assertThat(again.hash()).isNotEqualTo(PlanReader.read(workspace(10, "    collaborators_per_round: 0.3\n"))
                .hash());
    }

    @Test
    void read_poissonWithoutShareOrWithOverSelection_namesSettings() throws IOException {
        workspace(3, "    poisson_sampling: true\n");
        int line = lineOf("poisson_sampling");
        assertThatThrownBy(() -> PlanReader.read(dir)).isInstanceOf(PlanException.class)
                .hasMessageContaining("plan/plan.yaml:" + line + ":23: assigner.settings.poisson_sampling needs"
                        + " assigner.settings.collaborators_per_round");

        workspace(3, "    collaborators_per_round: 0.5\n    over_selection: 0.2\n    poisson_sampling: true\n");
        assertThatThrownBy(() -> PlanReader.read(dir)).isInstanceOf(PlanException.class)
                .hasMessageContaining("assigner.settings.over_selection cannot go with"
                        + " assigner.settings.poisson_sampling");

        workspace(3, "    collaborators_per_round: 0.5\n    poisson_sampling: yes please\n");
        assertThatThrownBy(() -> PlanReader.read(dir)).isInstanceOf(PlanException.class)
                .hasMessageContaining("assigner.settings.poisson_sampling: expected true or false");
    }
}
