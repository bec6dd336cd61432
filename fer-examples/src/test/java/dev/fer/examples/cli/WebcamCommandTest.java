package dev.fer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.examples.Cli;
import org.junit.jupiter.api.Test;

class WebcamCommandTest {
    @Test
    void missingCamera_isAOneLineUsageError() {
        assertThat(Cli.run("webcam", "--camera", "97", "--classifier", "none").usageError())
                .startsWith("fer-examples webcam: Cannot open camera 97: ")
                .contains("Check that the camera exists and that no other program is using it.");
    }

    @Test
    void badSmoothing_isAUsageError_beforeTheCameraIsOpened() {
        assertThat(Cli.run("webcam", "--smooth", "2").usageError()).contains("invalid --smooth '2'");
    }
}
