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

  /**
   * Returns this client as a provider's own client type, to reach its native extras (OpenAI's files, uploads and
   * evals; the Hub's repositories and Inference Endpoints) without a cast.
   *
   * <pre>{@code
   * OpenAi openai = client.unwrap(OpenAi.class);
   * openai.evals().list().forEach(System.out::println);
   * }</pre>
   *
   * @param type the provider's client class, such as {@code OpenAi.class}
   * @param <T> that type
   * @return this client as that type
   * @throws IllegalArgumentException if this client is not of that type; the message names what it is
   */
  default <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("This is the " + provider() + " client (" + getClass().getName()
        + "), not a " + type.getName());
  }

  /**
   * Releases the client's resources: its connections are closed and its threads have stopped when this returns,
   * unless the application supplied the OkHttp client. Calls made afterwards fail with
   * {@link dev.finetune4j.error.ClientClosedException}. Closing twice does nothing more.
   */
  @Override
  void close();
}
