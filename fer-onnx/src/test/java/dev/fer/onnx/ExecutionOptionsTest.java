package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.Device;
import org.junit.jupiter.api.Test;

class ExecutionOptionsTest {
    @Test
    void defaults_areCpuFewAdaptiveThreadsNoSpinningAllOptimisations() {
        ExecutionOptions d = ExecutionOptions.defaults();
        assertThat(d.device()).isEqualTo(Device.CPU);
        assertThat(d.intraOpThreads())
                .isEqualTo(Math.min(Runtime.getRuntime().availableProcessors(), 4))
                .isBetween(1, 4);
        assertThat(d.interOpThreads()).isEqualTo(1);
        assertThat(d.allowSpinning()).isFalse();
        assertThat(d.optimizationLevel()).isEqualTo(ExecutionOptions.OptimizationLevel.ALL);
        assertThat(d.adaptiveThreads()).as("threads follow how the session is called").isTrue();
        assertThat(ExecutionOptions.builder().build()).isEqualTo(d).hasSameHashCodeAs(d);
    }

    @Test
    void toBuilder_derivesAVariant() {
        ExecutionOptions o = ExecutionOptions.defaults().toBuilder().device(Device.cuda(1)).intraOpThreads(2)
                .build();
        assertThat(o.device()).isEqualTo(Device.cuda(1));
        assertThat(o.intraOpThreads()).isEqualTo(2);
        assertThat(o.toString()).contains("cuda:1", "intraOpThreads=2");
        assertThat(o.toBuilder().build()).isEqualTo(o);
    }

    @Test
    void build_rejectsZeroIntraOpThreadsWithASentence() {
        assertThatThrownBy(() -> ExecutionOptions.builder().intraOpThreads(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid ExecutionOptions: intraOpThreads must be between 1 and 256, got 0")
                .hasMessageEndingWith(".");
    }

    @Test
    void build_listsEveryProblemTogether() {
        assertThatThrownBy(() -> ExecutionOptions.builder().device(null).intraOpThreads(-2)
                .interOpThreads(0).optimizationLevel(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("device must not be null")
                .hasMessageContaining("intraOpThreads must be between 1 and 256, got -2")
                .hasMessageContaining("interOpThreads must be between 1 and 256, got 0")
                .hasMessageContaining("optimizationLevel must not be null");
    }
}
