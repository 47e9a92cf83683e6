package dev.finetune4j.examples;

import dev.finetune4j.FineTuningClient;
import dev.finetune4j.dataset.DatasetFormat;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.DatasetValidator;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.dataset.ValidationReport;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.Job;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.model.ChatMessage;
import java.nio.file.Path;
import java.util.List;

/**
 * Preference training (DPO): teach the model which of two answers is better. Each line of
 * {@code recipes-preference.jsonl} holds a question with a preferred answer (specific, with quantities and times) and
 * a non-preferred one (vague or chatty).
 *
 * <pre>
 * mvn -q -pl examples -am compile exec:java -Dexec.mainClass=dev.finetune4j.examples.PreferenceTraining
 * </pre>
 */
public final class PreferenceTraining {
  private PreferenceTraining() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Path data = Path.of(args.length > 0 ? args[0] : "examples/data/recipes-preference.jsonl");
    String baseModel = "gpt-4.1-mini-2025-04-14";   // DPO needs a model that supports it: the gpt-4.1 family

    try (Sandbox sandbox = Sandbox.open("openai")) {
      FineTuningClient client = sandbox.client();

      // 1. Check the pairs locally first, with the provider's rules for the model (its tokenizer, its limits):
      //    line-numbered findings, no upload if anything is wrong.
      ValidationReport report = DatasetValidator.builder().format(DatasetFormat.OPENAI_PREFERENCE)
          .rules(client.datasets().rules(baseModel)).build().validate(data);
      System.out.println(report.summary());
      report.throwIfInvalid();

      // 2. Upload (validated again by the SDK) and start a DPO job. Beta says how far the model may move away from
      //    the base model: small values follow the preferences more strongly.
      UploadedDataset uploaded = client.datasets().upload(DatasetUpload.builder().training(data)
          .targetModel(baseModel).build());
      JobSpec spec = JobSpec.builder()
          .baseModel(baseModel)
          .data(uploaded)
          .method(TrainingMethod.preference(Hyperparameters.builder().epochs(2).build(), Hyperparameter.of(0.1)))
          .suffix("recipes-dpo")
          .build();
      Job job = client.jobs().create(spec);
      System.out.println("started " + job.id());

      // 3. Wait for it (on the emulator this takes virtual minutes, i.e. a blink).
      Job done = client.jobs().waitFor(job.id(), sandbox.waitOptions().build());
      System.out.println(done.id() + " ended " + done.status() + " with " + done.fineTunedModel().orElse("no model"));

      // 4. Ask the preference-tuned model something.
      done.fineTunedModel().ifPresent(model -> System.out.println(client.chat(model)
          .complete(List.of(ChatMessage.user("How do I keep guacamole from browning?"))).text()));
    }
  }
}
