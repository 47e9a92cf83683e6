package dev.finetune4j.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStatusTest {
  @Test
  void knownValuesAreTheConstants() {
    assertThat(JobStatus.of("succeeded")).isSameAs(JobStatus.SUCCEEDED);
    assertThat(JobStatus.of(" Running ")).isSameAs(JobStatus.RUNNING);
  }

  @Test
  void onlySucceededFailedAndCancelledAreTerminal() {
    assertThat(JobStatus.SUCCEEDED.isTerminal()).isTrue();
    assertThat(JobStatus.FAILED.isTerminal()).isTrue();
    assertThat(JobStatus.CANCELLED.isTerminal()).isTrue();
    assertThat(JobStatus.PAUSED.isTerminal()).isFalse();
    assertThat(JobStatus.VALIDATING_FILES.isTerminal()).isFalse();
  }

  @Test
  void anUnseenValueIsKeptNotTerminalAndUnknown() {
    JobStatus status = JobStatus.of("archiving");

    assertThat(status.value()).isEqualTo("archiving");
    assertThat(status.isKnown()).isFalse();
    assertThat(status.isTerminal()).isFalse();
    assertThat(status).isEqualTo(JobStatus.of("archiving"));
  }
}
