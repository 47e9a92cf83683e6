package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.finetune4j.error.InvalidResponseException;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobSpec;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The holes a retried job creation used to fall through, each making a second job. */
class ExactlyOnceTest extends WireTestSupport {
  private static JobSpec spec() {
    return JobSpec.builder().baseModel("gpt-4o-mini-2024-07-18").trainingFile("file-abc123")
        .label("team", "kitchen").idempotencyKey("key-1").build();
  }

  private static String list(boolean more, String... jobs) {
    return "{\"object\":\"list\",\"data\":[" + String.join(",", jobs) + "],\"has_more\":" + more + "}";
  }

  private static String other(int i) {
    return job("ftjob-other-" + i, "running").replace("\"finetune4j_idempotency_key\":\"key-1\"",
        "\"finetune4j_idempotency_key\":\"other-" + i + "\"");
  }



  @Test
  void anEmptyAnswerToTheLookupBeforeARetryFailsTheCreateInsteadOfSendingItAgain() {
    enqueue(list(false));
    dropAnswer();
    enqueue("");
    enqueue(job("ftjob-second", "validating_files"));

    assertThatThrownBy(() -> client().jobs().create(spec())).isInstanceOf(InvalidResponseException.class);
    assertThat(posts()).isEqualTo(1);
  }

  @Test
  void aJobListThatLagsBehindCreationIsAskedAgainBeforeTheCreateIsResent() {
    enqueue(list(false));
    dropAnswer();
    enqueue(list(false));
    enqueue(list(false, job("ftjob-first", "validating_files")));

    Job job = client().jobs().create(spec());

    assertThat(job.id()).isEqualTo("ftjob-first");
    assertThat(sleeps).contains(Duration.ofSeconds(1));
    assertThat(posts()).isEqualTo(1);
  }

  @Test
  void aServerThatIgnoresTheLabelFilterIsReadPageByPage() {
    String newer = IntStream.range(0, 10).mapToObj(ExactlyOnceTest::other).collect(Collectors.joining(","));
    enqueue(list(true, newer));
    enqueue(list(false));
    dropAnswer();
    enqueue(list(true, newer));
    enqueue(list(false, job("ftjob-first", "validating_files")));

    Job job = client().jobs().create(spec());

    assertThat(job.id()).isEqualTo("ftjob-first");
    assertThat(posts()).isEqualTo(1);
  }
}
