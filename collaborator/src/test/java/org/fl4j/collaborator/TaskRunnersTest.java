package org.fl4j.collaborator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fl4j.collaborator.linear.SoftmaxRunnerFactory;
import org.junit.jupiter.api.Test;

class TaskRunnersTest {

    @Test
    void factory_softmaxTemplate_foundThroughServiceLoader() {
        assertThat(TaskRunners.factory("fl4j.SoftmaxRegression")).isInstanceOf(SoftmaxRunnerFactory.class);
    }

    @Test
    void factory_unknownTemplate_listsTheAvailableOnes() {
        assertThatThrownBy(() -> TaskRunners.factory("com.example.Nope"))
                .hasMessageContaining("no task runner 'com.example.Nope'").hasMessageContaining("fl4j.SoftmaxRegression");
    }
}
