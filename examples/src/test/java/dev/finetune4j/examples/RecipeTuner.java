package dev.finetune4j.examples;

import dev.finetune4j.FineTuningClient;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.WaitOptions;
import dev.finetune4j.model.ChatMessage;
import java.nio.file.Path;
import java.util.List;

/**
 * Stands for your application's code: it knows nothing about emulators, only the neutral client it is given.
 * {@link RecipeTunerTest} shows how to test it against the OpenAI emulator.
 */
final class RecipeTuner {
  private final FineTuningClient client;
  private final WaitOptions waitOptions;

  RecipeTuner(FineTuningClient client, WaitOptions waitOptions) {
    this.client = client;
    this.waitOptions = waitOptions;
  }

  /** Uploads the data, trains, waits, and returns the tuned model's name. */
  String tune(Path trainingFile, String baseModel) {
    UploadedDataset data = client.datasets().upload(DatasetUpload.builder().training(trainingFile)
        .targetModel(baseModel).build());
    Job job = client.jobs().create(JobSpec.builder().baseModel(baseModel).data(data).suffix("recipes").build());
    Job done = client.jobs().waitFor(job.id(), waitOptions);
    return done.fineTunedModel().orElseThrow(() -> new IllegalStateException("training failed: " + done));
  }

  /** Asks a model a cooking question. */
  String ask(String model, String question) {
    return client.chat(model).complete(List.of(ChatMessage.user(question))).text();
  }
}
