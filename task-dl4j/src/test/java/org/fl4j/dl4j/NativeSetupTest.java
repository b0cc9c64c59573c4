package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeSetupTest {

    @TempDir
    Path workspace;

    @Test
    void configure_loadsTheOneDnnBuildAndOneThread() {
        NativeSetup.configure(1);

        assertThat(NativeSetup.oneDnnLoaded()).as("native build with oneDNN").isTrue();
        assertThat(NativeSetup.ompThreads()).isEqualTo(1);
        assertThat(System.getProperty(NativeSetup.PLATFORM_EXTENSION)).isEqualTo("-onednn");
    }

    @Test
    void buildingAModel_keepsTheThreadsTheSiteChose() throws Exception {
        NativeSetup.configure(2);
        try {
            Fixtures.kerasCnn(workspace, 1);

            assertThat(NativeSetup.ompThreads()).isEqualTo(2);
        } finally {
            NativeSetup.configure(1);
        }
    }

    @Test
    void kerasCnn_convolutionLayersRunOnTheOneDnnHelper() throws Exception {
        ModelSpec spec = Fixtures.kerasCnn(workspace, 1);

        assertThat(BaseMKLDNNHelper.mklDnnEnabled()).as("DL4J's oneDNN check, answered by the bridge").isTrue();
        int conv = 0;
        for (Layer layer : spec.network().layers()) {
            if (layer instanceof ConvolutionLayer) {
                assertThat(layer.getHelper()).as(layer.conf().getLayer().getLayerName())
                        .isInstanceOf(MKLDNNConvHelper.class);
                conv++;
            }
        }
        assertThat(conv).isEqualTo(2);
    }

    @Test
    void bridge_isStillNeeded_dl4jHasNoClassAtTheOldName() throws Exception {
        // When a DL4J upgrade ships org.nd4j.nativeblas.Nd4jCpu itself (or stops looking it up), this fails:
        // then drop fl4j's bridge class.
        Class<?> env = Class.forName("org.nd4j.nativeblas.Nd4jCpu$Environment");
        Path from = Path.of(env.getProtectionDomain().getCodeSource().getLocation().toURI());

        assertThat(from.toString()).contains("task-dl4j");
    }
}
