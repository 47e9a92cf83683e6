package dev.finetune4j.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.Sleeper;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.job.Checkpoint;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.wait.Acceptor;
import dev.finetune4j.wait.Backoff;
import dev.finetune4j.wait.WaitSettings;
import dev.finetune4j.wait.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Deployments of the resource through Azure Resource Manager ({@code Microsoft.CognitiveServices/accounts/{account}
 * /deployments}, ARM api-version {@value #API_VERSION}), authenticated with an Entra ID token for
 * {@value AzureOpenAi#RESOURCE_MANAGER_SCOPE} (API keys never work there). A fine-tuned model answers only once
 * deployed.
 *
 * <pre>{@code
 * AzureDeployment d = azure.deployments().createAndWait(
 *     AzureDeploymentSpec.builder("recipes", job.fineTunedModel().orElseThrow()).build(), Duration.ofMinutes(30));
 * azure.chat(d.name()).complete(List.of(ChatMessage.user("A quick soup?")));
 * azure.deployments().delete("recipes");
 * }</pre>
 */
public final class AzureDeployments {
  /** The most pages of deployments {@link #list()} reads. */
  public static final int MAX_PAGES = 100;

  /** The Resource Manager API version used, {@value}. */
  public static final String API_VERSION = "2024-10-01";

  private static final Backoff BACKOFF = Backoff.builder()
      .intervals(Duration.ofSeconds(5), Duration.ofSeconds(30)).factor(2).build();

  private final HttpTransport arm;
  private final Clock clock;
  private final Sleeper sleeper;

  AzureDeployments(HttpTransport arm, Clock clock, Sleeper sleeper) {
    this.arm = arm;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * Creates or updates a deployment ({@code PUT}); Azure answers at once with {@code Accepted} and provisions it in
   * the background.
   *
   * @param spec what to deploy
   * @return the deployment as accepted
   */
  public AzureDeployment create(AzureDeploymentSpec spec) {
    Objects.requireNonNull(spec, "spec");
    ObjectNode body = Json.object();
    body.putObject("sku").put("name", spec.skuName()).put("capacity", spec.capacity());
    body.putObject("properties").putObject("model").put("format", spec.modelFormat()).put("name", spec.model())
        .put("version", spec.modelVersion());
    return arm.call(ApiRequest.put(path(spec.name())).json(body).build(), AzureDeployments::deployment);
  }

  /**
   * Creates a deployment and follows its provisioning state to the end.
   *
   * @param spec what to deploy
   * @param timeout how long to wait at most
   * @return the deployment, {@code Succeeded}
   * @throws FineTuningException if provisioning ends in another state
   * @throws dev.finetune4j.error.WaitTimeoutException if it is still provisioning at the timeout
   */
  public AzureDeployment createAndWait(AzureDeploymentSpec spec, Duration timeout) {
    create(spec);
    return waitUntilProvisioned(spec.name(), timeout);
  }

  /**
   * Deploys a checkpoint of a job (one of the last three epochs stays deployable) under a name.
   *
   * @param name the deployment name
   * @param checkpoint a checkpoint from {@code jobs().checkpoints(jobId)}
   * @param timeout how long to wait for provisioning
   * @return the deployment, {@code Succeeded}
   */
  public AzureDeployment deployCheckpoint(String name, Checkpoint checkpoint, Duration timeout) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    return createAndWait(AzureDeploymentSpec.builder(name, checkpoint.model()).build(), timeout);
  }

  /**
   * Polls a deployment until its provisioning state is terminal.
   *
   * @param name the deployment name
   * @param timeout how long to wait at most
   * @return the deployment, {@code Succeeded}
   * @throws FineTuningException if provisioning ends in another state
   */
  public AzureDeployment waitUntilProvisioned(String name, Duration timeout) {
    AzureDeployment done = Waiter.builder(() -> get(name))
        .waitingFor("Azure deployment " + name + " to be provisioned")
        .acceptor(Acceptor.successWhen(AzureDeployment::isProvisioningDone))
        .describe(d -> "still '" + d.provisioningState() + "'")
        .settings(WaitSettings.builder().timeout(timeout).backoff(BACKOFF).clock(clock).sleeper(sleeper).build())
        .build()
        .run();
    if (!done.isSucceeded()) {
      throw new FineTuningException("Azure deployment " + name + " of " + done.model() + " ended '"
          + done.provisioningState() + "' instead of 'Succeeded'");
    }
    return done;
  }

  /**
   * Fetches a deployment.
   *
   * @param name the deployment name
   * @return the deployment
   * @throws dev.finetune4j.error.NotFoundException if there is none
   */
  public AzureDeployment get(String name) {
    return arm.call(ApiRequest.get(path(name)).build(), AzureDeployments::deployment);
  }

  /**
   * Lists the resource's deployments, following {@code nextLink} from page to page (at most
   * {@value #MAX_PAGES} pages).
   *
   * @return the deployments
   */
  public List<AzureDeployment> list() {
    List<AzureDeployment> all = new ArrayList<>();
    String next = "deployments";
    for (int pages = 0; next != null && pages < MAX_PAGES; pages++) {
      JsonNode page = arm.call(ApiRequest.get(next).build(), json -> {
        if (!json.path("value").isArray()) {
          throw new IllegalArgumentException("expected a list with a 'value' array");
        }
        return json;
      });
      page.path("value").forEach(d -> all.add(deployment(d)));
      next = page.path("nextLink").isTextual() && !page.path("nextLink").asText().isBlank()
          ? page.path("nextLink").asText() : null;
    }
    return List.copyOf(all);
  }

  /**
   * Deletes a deployment; the model stays and can be deployed again.
   *
   * @param name the deployment name
   */
  public void delete(String name) {
    arm.execute(ApiRequest.delete(path(name)).build());
  }

  private static String path(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("deployment name must not be blank");
    }
    return "deployments/" + HttpTransport.encode(name);
  }

  static AzureDeployment deployment(JsonNode json) {
    JsonNode properties = json.path("properties");
    JsonNode model = properties.path("model");
    JsonNode sku = json.path("sku");
    String name = json.path("name").asText(null);
    if (name == null) {
      throw new IllegalStateException("the deployment has no name");
    }
    return new AzureDeployment(name, model.path("name").asText(""), text(model, "version"),
        model.path("format").asText("OpenAI"), sku.path("name").asText(""), sku.path("capacity").asInt(0),
        properties.path("provisioningState").asText("Unknown"), text(json, "id"), json.toString());
  }

  private static Optional<String> text(JsonNode json, String field) {
    JsonNode v = json.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }
}
