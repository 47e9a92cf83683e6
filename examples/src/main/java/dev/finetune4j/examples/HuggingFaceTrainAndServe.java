package dev.finetune4j.examples;

import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.huggingface.EndpointSpec;
import dev.finetune4j.huggingface.HuggingFace;
import dev.finetune4j.huggingface.HuggingFaceJobOptions;
import dev.finetune4j.huggingface.InferenceEndpoint;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobListener;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMetrics;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.ChatResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Hugging Face end to end with its own API: the data becomes a private dataset repository, TRL trains on Hugging
 * Face Jobs (hardware and time limit chosen here), the job pushes the model to a private model repository, an
 * Inference Endpoint serves it, and the example chats with it and deletes the endpoint (it bills by the hour).
 *
 * <pre>
 * HF_TOKEN=hf_... mvn -q -pl examples -am compile exec:java -Dexec.mainClass=dev.finetune4j.examples.HuggingFaceTrainAndServe
 * </pre>
 */
public final class HuggingFaceTrainAndServe {
  private HuggingFaceTrainAndServe() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Path data = Path.of(args.length > 0 ? args[0] : "examples/data/recipes-train.jsonl");

    try (Sandbox sandbox = Sandbox.open("huggingface")) {
      HuggingFace hf = (HuggingFace) sandbox.client();   // the provider's own client, with its extras

      // 1. Upload: a private dataset repository in your namespace.
      UploadedDataset uploaded = hf.datasets().upload(DatasetUpload.builder().training(data).name("recipes").build());

      // 2. Train with TRL on an A10G, full fine-tuning of a small model, at most two hours.
      JobSpec spec = JobSpec.builder()
          .baseModel("Qwen/Qwen2.5-0.5B-Instruct")
          .data(uploaded)
          .option(HuggingFaceJobOptions.builder().flavor("a10g-large").timeout(Duration.ofHours(2)).lora(false)
              .loggingSteps(2).build())
          .build();
      Job job = hf.jobs().create(spec);
      Job done = hf.jobs().waitFor(job.id(), sandbox.waitOptions()
          .listener(new JobListener() {
            @Override
            public void onMetrics(TrainingMetrics m) {
              m.trainLoss().ifPresent(loss -> System.out.printf("step %d loss %.4f%n", m.step(), loss));
            }
          })
          .build());
      String repository = done.fineTunedModel().orElseThrow(() -> new IllegalStateException(
          "job " + done.id() + " ended " + done.status() + done.error().map(e -> ": " + e.message()).orElse("")));

      // 3. Serve it on an Inference Endpoint (vLLM), wait until it runs, chat, then delete it.
      String name = "recipes-demo";
      hf.endpoints().create(EndpointSpec.builder(name, repository).scaleToZeroAfterMinutes(15).build());
      try {
        InferenceEndpoint endpoint = hf.endpoints().waitUntilRunning(name, Duration.ofMinutes(30));
        System.out.println("serving " + repository + " at " + endpoint.url().orElse("?"));
        ChatResponse answer = hf.chat(name).complete(List.of(ChatMessage.user("Can I freeze cooked rice?")));
        System.out.println(answer.text() + " (" + answer.usage().totalTokens() + " tokens)");
      } finally {
        hf.endpoints().delete(name);
      }
    }
  }
}
