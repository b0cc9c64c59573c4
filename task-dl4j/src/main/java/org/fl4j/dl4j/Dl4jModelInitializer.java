package org.fl4j.dl4j;

import java.io.IOException;
import java.nio.file.Path;
import org.fl4j.plan.ModelInitializer;
import org.fl4j.plan.Plan;

/** {@code fx plan initialize} for the DL4J runners: writes {@link InitialModels#write the round-0 model}. */
public abstract class Dl4jModelInitializer implements ModelInitializer {

    private final Models.Kind kind;

    Dl4jModelInitializer(Models.Kind kind) {
        this.kind = kind;
    }

    @Override
    public String template() {
        return kind.template();
    }

    @Override
    public void initialize(Path workspace, Plan plan) throws IOException {
        InitialModels.write(workspace, plan);
    }

    /** For {@code fl4j.dl4j.KerasRunner}. */
    public static final class Keras extends Dl4jModelInitializer {
        public Keras() {
            super(Models.Kind.KERAS);
        }
    }

    /** For {@code fl4j.dl4j.Dl4jJsonRunner}. */
    public static final class Dl4jJson extends Dl4jModelInitializer {
        public Dl4jJson() {
            super(Models.Kind.DL4J_JSON);
        }
    }

    /** For {@code fl4j.dl4j.JavaModelRunner}. */
    public static final class JavaModel extends Dl4jModelInitializer {
        public JavaModel() {
            super(Models.Kind.JAVA);
        }
    }

    /** For {@code fl4j.dl4j.SegmentationRunner}. */
    public static final class Segmentation extends Dl4jModelInitializer {
        public Segmentation() {
            super(Models.Kind.SEGMENTATION);
        }
    }
}
