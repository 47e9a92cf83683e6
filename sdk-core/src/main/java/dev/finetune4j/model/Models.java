package dev.finetune4j.model;

import java.time.Duration;
import java.util.List;

/** The models at one provider: base and fine-tuned, and where needed their deployment. */
public interface Models {

  /**
   * Lists the models these credentials can use.
   *
   * @return the models
   */
  List<ModelInfo> list();

  /**
   * Fetches one model.
   *
   * @param modelId the model's id
   * @return the model
   * @throws dev.finetune4j.error.NotFoundException if there is no such model
   */
  ModelInfo retrieve(String modelId);

  /**
   * Deletes a fine-tuned model.
   *
   * @param modelId the model's id
   * @throws dev.finetune4j.error.UnsupportedCapabilityException if the provider cannot delete models
   */
  void delete(String modelId);

  /**
   * Makes a model callable and waits until it answers. Providers that serve fine-tuned models directly return at
   * once; others create an endpoint and wait for it to run.
   *
   * @param modelId the model to serve
   * @param timeout how long to wait for the deployment to become ready
   * @return the ready deployment; chat with {@link Deployment#model()}
   * @throws dev.finetune4j.error.FineTuningException if it is not ready within the timeout
   */
  Deployment deploy(String modelId, Duration timeout);

  /**
   * Removes a deployment made by {@link #deploy(String, Duration)}; does nothing for providers without deployments.
   *
   * @param deploymentName the deployment's name
   */
  void undeploy(String deploymentName);
}
