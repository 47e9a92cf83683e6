package dev.finetune4j.testkit.internal.openai;

import java.util.Objects;
import java.util.Optional;

/**
 * The form of fine-tuned model ids the OpenAI routes hand out and recognise: OpenAI's
 * {@code ft:{base}:{organization}:{suffix}:{id}} ({@link #openAi(String)}), or another service's.
 */
public interface FineTunedModelIds {

  /**
   * Returns the id of the model a succeeded job produces.
   *
   * @param baseModel the base model the job trained, such as {@code gpt-4o-mini-2024-07-18}
   * @param suffix the job's suffix, if it had one
   * @param jobId the job's id, such as {@code ftjob-abc123}
   * @return the fine-tuned model's id
   */
  String model(String baseModel, Optional<String> suffix, String jobId);

  /**
   * Returns the id of the checkpoint a job keeps at a step.
   *
   * @param model the id {@link #model(String, Optional, String)} gives for the job
   * @param step the step number
   * @return the checkpoint's model id
   */
  String checkpoint(String model, int step);

  /**
   * Tells whether a model id has the fine-tuned form (whether or not such a model exists).
   *
   * @param model a model id from a request
   * @return {@code true} for a fine-tuned id
   */
  boolean isFineTuned(String model);

  /**
   * Returns the base model of an existing fine-tuned model, for fine-tuning it further.
   *
   * @param model a fine-tuned model id that {@link #model(String, Optional, String)} produced
   * @return the base model's id
   */
  String baseModel(String model);

  /**
   * Returns OpenAI's form: {@code ft:{base}:{organization}:{suffix}:{first 8 characters of the job id after
   * ftjob-}}, checkpoints {@code {model}:ckpt-step-{step}}.
   *
   * @param organization the organization name; no colons
   * @return the id form
   */
  static FineTunedModelIds openAi(String organization) {
    Objects.requireNonNull(organization, "organization");
    if (organization.isBlank() || organization.contains(":")) {
      throw new IllegalArgumentException("organization must be non-blank without ':', got " + organization);
    }
    return new FineTunedModelIds() {
      @Override
      public String model(String baseModel, Optional<String> suffix, String jobId) {
        return "ft:" + baseModel + ":" + organization + ":" + suffix.orElse("") + ":"
            + jobId.substring("ftjob-".length(), "ftjob-".length() + 8);
      }

      @Override
      public String checkpoint(String model, int step) {
        return model + ":ckpt-step-" + step;
      }

      @Override
      public boolean isFineTuned(String model) {
        return model.startsWith("ft:");
      }

      @Override
      public String baseModel(String model) {
        return model.split(":")[1];
      }
    };
  }

  /**
   * Returns Azure OpenAI's form: {@code {base}.ft-{job id without its prefix, lower case}[-{suffix}]}, checkpoints
   * {@code {model}:ckpt-step-{step}}.
   *
   * @return the id form
   */
  static FineTunedModelIds azure() {
    return new FineTunedModelIds() {
      @Override
      public String model(String baseModel, Optional<String> suffix, String jobId) {
        String hex = jobId.substring(jobId.indexOf('-') + 1).replaceAll("[^A-Za-z0-9]", "")
            .toLowerCase(java.util.Locale.ROOT);
        return baseModel + ".ft-" + hex + suffix.map(s -> "-" + s).orElse("");
      }

      @Override
      public String checkpoint(String model, int step) {
        return model + ":ckpt-step-" + step;
      }

      @Override
      public boolean isFineTuned(String model) {
        return model.contains(".ft-");
      }

      @Override
      public String baseModel(String model) {
        return model.substring(0, model.indexOf(".ft-"));
      }
    };
  }
}
