package dev.finetune4j.examples;

import dev.finetune4j.FineTuningClient;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobListener;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.TrainingMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A small hyperparameter sweep: three jobs on the same data with 1, 2 and 3 epochs, followed at the same time with
 * {@code waitForAsync} and joined with {@code CompletableFuture.allOf}. Each wait runs on its own daemon thread
 * unless {@code WaitOptions.builder().executor(...)} says otherwise.
 *
 * <pre>
 * mvn -q -pl examples -am compile exec:java -Dexec.mainClass=dev.finetune4j.examples.WaitForSeveralJobs
 * </pre>
 */
public final class WaitForSeveralJobs {
  private WaitForSeveralJobs() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Path data = Path.of(args.length > 0 ? args[0] : "examples/data/recipes-train.jsonl");
    String baseModel = "gpt-4.1-mini-2025-04-14";

    try (Sandbox sandbox = Sandbox.open("openai")) {
      FineTuningClient client = sandbox.client();
      UploadedDataset uploaded = client.datasets().upload(DatasetUpload.builder().training(data)
          .targetModel(baseModel).build());

      // Start the three jobs; each create is exactly-once even if a request is retried.
      List<Job> started = new ArrayList<>();
      for (int epochs = 1; epochs <= 3; epochs++) {
        started.add(client.jobs().create(JobSpec.builder()
            .baseModel(baseModel)
            .data(uploaded)
            .method(TrainingMethod.supervised(Hyperparameters.builder().epochs(epochs).build()))
            .suffix("recipes-e" + epochs)
            .label("sweep", "epochs")
            .build()));
      }

      // Follow them all at once. The listener is called on each wait's own thread.
      List<CompletableFuture<Job>> waits = new ArrayList<>();
      for (Job job : started) {
        waits.add(client.jobs().waitForAsync(job.id(), sandbox.waitOptions()
            .listener(new JobListener() {
              @Override
              public void onStatusChange(Job j, JobStatus previous) {
                System.out.println(j.id() + ": " + j.status());
              }
            })
            .build()));
      }
      CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();

      // All ended: compare what each produced.
      for (CompletableFuture<Job> wait : waits) {
        Job done = wait.join();
        System.out.println(done.id() + " " + done.status() + " " + done.fineTunedModel().orElse("-")
            + " trained tokens " + done.trainedTokens().orElse(0));
      }
    }
  }
}
