package dev.fer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.examples.Cli;
import org.junit.jupiter.api.Test;

class WebcamCommandTest {
    // A missing camera (a typed FrameSourceException, reported as a one-line usage error) is tested on
    // VideoSources.camera in fer-video: under surefire the JVM is headless, and the command checks for a display
    // before it opens the camera.

    @Test
    void badSmoothing_isAUsageError_beforeTheCameraIsOpened() {
        assertThat(Cli.run("webcam", "--smooth", "2").usageError()).contains("invalid --smooth '2'");
    }
}
