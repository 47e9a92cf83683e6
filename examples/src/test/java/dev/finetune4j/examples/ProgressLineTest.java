package dev.finetune4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.TrainingMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final Clock clock = Clock.fixed(START.plusSeconds(125), ZoneOffset.UTC);

  @Test
  void onATerminalTheLineIsRewrittenInPlace() {
    ProgressLine line = new ProgressLine(out, true, clock);

    line.onMetrics(TrainingMetrics.builder(5).totalSteps(20).trainLoss(1.25).build());
    line.onPoll(job(JobStatus.RUNNING));
    line.onMetrics(TrainingMetrics.builder(6).totalSteps(20).trainLoss(1.125).validationLoss(1.5).build());
    line.onPoll(job(JobStatus.RUNNING));

    assertThat(text()).isEqualTo("\r  running | step 5/20 | train loss 1.2500 | 2m 05s"
        + "\r  running | step 6/20 | train loss 1.1250 | validation loss 1.5000 | 2m 05s");
  }

  @Test
  void aStatusChangeEndsTheRewrittenLineFirst() {
    ProgressLine line = new ProgressLine(out, true, clock);

    line.onPoll(job(JobStatus.RUNNING));
    line.onStatusChange(job(JobStatus.SUCCEEDED), JobStatus.RUNNING);

    assertThat(text()).isEqualTo("\r  running | 2m 05s" + System.lineSeparator()
        + "  status running -> succeeded" + System.lineSeparator());
  }

  @Test
  void withoutATerminalOnlyEveryTenthOfTheStepsIsPrinted() {
    ProgressLine line = new ProgressLine(out, false, clock);

    for (int step = 1; step <= 100; step++) {
      line.onMetrics(TrainingMetrics.builder(step).totalSteps(100).trainLoss(1.0).build());
      line.onPoll(job(JobStatus.RUNNING));
    }

    assertThat(text()).doesNotContain("\r");
    assertThat(text().lines()).hasSize(11).first().asString().startsWith("  running | step 1/100");
    assertThat(line.metrics()).hasSize(100);
  }

  private Job job(JobStatus status) {
    return Job.builder().id("ftjob-1").provider("openai").status(status).baseModel("m").createdAt(START).build();
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
