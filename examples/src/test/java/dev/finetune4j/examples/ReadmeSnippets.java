package dev.finetune4j.examples;

import dev.finetune4j.FineTuning;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatResponse;
import dev.finetune4j.azure.AzureTrainingType;
import dev.finetune4j.openai.OpenAi;
import dev.finetune4j.openai.OpenAiInventory;
import dev.finetune4j.openai.OpenAiMigration;
import dev.finetune4j.portable.PortableJob;
import dev.finetune4j.portable.RetargetPlan;
import dev.finetune4j.portable.Retargeting;
import dev.finetune4j.testkit.Fault;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.openai.OpenAiEmulator;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's code, exactly as it is printed there: each snippet's lines between its {@code README:<name>} markers
 * are the README's block (ReadmeTest compares them), and ReadmeTest runs each one with {@code main(name)} in a JVM
 * whose working directory holds {@code train.jsonl} and {@code valid.jsonl}.
 */
public final class ReadmeSnippets {

  private ReadmeSnippets() {}

  /**
   * Runs one snippet.
   *
   * @param args the snippet's name: {@code quick-start}, {@code emulator}, {@code manual-clock} or
   *     {@code migrate}
   */
  public static void main(String[] args) {
    switch (args[0]) {
      case "quick-start" -> quickStart();
      case "emulator" -> emulator();
      case "manual-clock" -> manualClock();
      case "migrate" -> migrate();
      default -> throw new IllegalArgumentException("no snippet " + args[0]);
    }
  }

  static void migrate() {
    // README:migrate begin
    try (OpenAi openai = OpenAi.fromEnvironment();                            // the account to leave
         FineTuningClient azure = FineTuning.client("azure")) {               // reads AZURE_OPENAI_ENDPOINT, ...
      OpenAiInventory inventory = openai.migration().inventory();
      System.out.print(inventory.table());                                    // or inventory.toJson()
      String jobId = inventory.jobs().get(0).jobId();
      Path dir = Path.of("export", jobId);
      PortableJob job = openai.migration().export(jobId, dir);                // files checked, job.json beside them
      RetargetPlan plan = Retargeting.plan(job, dir, azure, OpenAiMigration.defaultModels(), dir.resolve("azure"));
      plan.describe().forEach(System.out::println);                           // each translation with its rule
      UploadedDataset data = azure.datasets().upload(plan.datasetUpload());
      Job moved = azure.jobs().create(plan.jobSpec(data).toBuilder().option(AzureTrainingType.GLOBAL).build());
      System.out.println("training again as " + moved.id());
    }
    // README:migrate end
  }

  static void quickStart() {
    // README:quick-start begin
    try (FineTuningClient client = FineTuning.client("openai")) {            // reads OPENAI_API_KEY
      UploadedDataset data = client.datasets().upload(DatasetUpload.builder()
          .training(Path.of("train.jsonl")).validation(Path.of("valid.jsonl"))
          .targetModel("gpt-4.1-mini-2025-04-14").build());                    // validated first: nothing is sent if bad
      Job job = client.jobs().create(JobSpec.builder()
          .baseModel("gpt-4.1-mini-2025-04-14").data(data).suffix("recipes").build());  // exactly once, even if retried
      Job done = client.jobs().waitFor(job.id());                               // polls with backoff until it ends
      ChatResponse answer = client.chat(done.fineTunedModel().orElseThrow())
          .complete(List.of(ChatMessage.user("A quick vegetarian dinner for two?")));
      System.out.println(answer.text() + " (" + answer.usage().totalTokens() + " tokens)");
    }
    // README:quick-start end
  }

  static void emulator() {
    // README:emulator begin
    try (OpenAiEmulator openai = OpenAiEmulator.create().start();
        OpenAi client = OpenAi.builder().apiKey(OpenAiEmulator.DEFAULT_API_KEY).baseUrl(openai.baseUrl()).build()) {
      UploadedDataset data = client.datasets().upload(DatasetUpload.builder()
          .training(Path.of("train.jsonl")).targetModel("gpt-4.1-mini-2025-04-14").build());
      JobSpec spec = JobSpec.builder().baseModel("gpt-4.1-mini-2025-04-14").data(data).build();
      openai.faults().inject(Fault.dropResponseAfterProcessing().forRequests("POST", "/v1/fine_tuning/jobs"));
      Job job = client.jobs().create(spec);          // the answer is lost; the retry finds the job the first made
      Job done = client.jobs().waitFor(job.id());    // the emulator's clock runs on its own: done in seconds
      System.out.println(done.status() + " " + done.fineTunedModel().orElseThrow());
    }
    // README:emulator end
  }

  static void manualClock() {
    // README:manual-clock begin
    try (OpenAiEmulator openai = OpenAiEmulator.builder().clock(VirtualClock.manual()).build().start();
        OpenAi client = OpenAi.builder().apiKey(OpenAiEmulator.DEFAULT_API_KEY).baseUrl(openai.baseUrl()).build()) {
      UploadedDataset data = client.datasets().upload(DatasetUpload.builder()
          .training(Path.of("train.jsonl")).targetModel("gpt-4.1-mini-2025-04-14").build());
      Job job = client.jobs().create(JobSpec.builder().baseModel("gpt-4.1-mini-2025-04-14").data(data).build());
      Job done = client.jobs().waitFor(job.id(), WaitOptions.builder()
          .clock(openai.clock().asClock()).sleeper(openai.clock()::sleep)   // waiting advances virtual time
          .build());                                                         // no real waiting at all
      System.out.println(done.status() + " at " + openai.clock().now());
    }
    // README:manual-clock end
  }
}
