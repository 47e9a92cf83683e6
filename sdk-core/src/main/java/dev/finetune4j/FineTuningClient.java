package dev.finetune4j;

import dev.finetune4j.dataset.Datasets;
import dev.finetune4j.job.Jobs;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.Models;

/**
 * The provider-neutral entry point: datasets, jobs, models and chat at one provider. Get one from
 * {@link FineTuning} or from a provider module's own builder.
 *
 * <p>A client is thread-safe and meant to be shared; close it when the application is done with it.
 */
public interface FineTuningClient extends AutoCloseable {

  /**
   * Returns the provider's name, such as {@code openai} or {@code huggingface}.
   *
   * @return the provider name
   */
  String provider();

  /**
   * Returns what this provider can do.
   *
   * @return the capabilities
   */
  Capabilities capabilities();

  /**
   * Returns the training data stored at the provider.
   *
   * @return the datasets service
   */
  Datasets datasets();

  /**
   * Returns the fine-tuning jobs.
   *
   * @return the jobs service
   */
  Jobs jobs();

  /**
   * Returns the models.
   *
   * @return the models service
   */
  Models models();

  /**
   * Returns a model to chat with: a base model, a fine-tuned model, a checkpoint or a deployment's model.
   *
   * @param model the name as the provider knows it
   * @return the chat model
   */
  ChatModel chat(String model);

  /** Releases the client's resources (connections, threads) unless they were supplied by the application. */
  @Override
  void close();
}
