package dev.finetune4j.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finetune4j.RawJson;
import dev.finetune4j.Sleeper;
import dev.finetune4j.error.FineTuningException;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.error.WaitTimeoutException;
import dev.finetune4j.wait.Acceptor;
import dev.finetune4j.wait.Backoff;
import dev.finetune4j.wait.WaitFailureException;
import dev.finetune4j.wait.WaitSettings;
import dev.finetune4j.wait.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Inference Endpoints: dedicated, autoscaling servers for a model repository, with an OpenAI-compatible API when
 * they run vLLM (the default of {@link EndpointSpec}). Chat with a running one through
 * {@code huggingFace.chat(endpointName)}.
 */
public final class InferenceEndpoints {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InferenceEndpoints.class);
  private static final Backoff POLL = Backoff.fixed(Duration.ofSeconds(10));

  private final HttpTransport transport;
  private final Supplier<String> namespace;
  private final Clock clock;
  private final Sleeper sleeper;

  InferenceEndpoints(HttpTransport transport, Supplier<String> namespace, Clock clock, Sleeper sleeper) {
    this.transport = transport;
    this.namespace = namespace;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * Creates an endpoint; it starts pending and becomes running after a few minutes.
   *
   * @param spec what to create
   * @return the endpoint as created
   */
  public InferenceEndpoint create(EndpointSpec spec) {
    return transport.call(ApiRequest.post(base()).json(spec.toJson())
        .retryGuard(() -> find(spec.name())).build(), InferenceEndpoints::toEndpoint);
  }

  private java.util.Optional<JsonNode> find(String name) {
    try {
      return transport.call(ApiRequest.get(path(name)).build(), java.util.Optional::of);
    } catch (dev.finetune4j.error.NotFoundException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Fetches an endpoint.
   *
   * @param name its name
   * @return the endpoint
   * @throws dev.finetune4j.error.NotFoundException if there is none
   */
  public InferenceEndpoint get(String name) {
    return transport.call(ApiRequest.get(path(name)).build(), InferenceEndpoints::toEndpoint);
  }

  /**
   * Lists the namespace's endpoints.
   *
   * @return the endpoints
   */
  public List<InferenceEndpoint> list() {
    return transport.call(ApiRequest.get(base()).build(), json -> {
      JsonNode items = json.isArray() ? json : json.path("items");
      if (!items.isArray()) {
        throw new IllegalArgumentException("expected a list of endpoints, got " + json.getNodeType());
      }
      List<InferenceEndpoint> endpoints = new ArrayList<>();
      items.forEach(item -> endpoints.add(toEndpoint(item)));
      return endpoints;
    });
  }

  /**
   * Changes an endpoint with a partial body, such as {@code {"compute": {"scaling": {"maxReplica": 2}}}}.
   *
   * @param name its name
   * @param changes the fields to change, in the API's JSON
   * @return the endpoint after the change
   */
  public InferenceEndpoint update(String name, RawJson changes) {
    Objects.requireNonNull(changes, "changes");
    if (!changes.isObject()) {
      throw new IllegalArgumentException("changes must be a JSON object, was " + changes);
    }
    return transport.call(ApiRequest.put(path(name)).json(Json.tree(changes)).build(),
        InferenceEndpoints::toEndpoint);
  }

  /**
   * Deletes an endpoint.
   *
   * @param name its name
   */
  public void delete(String name) {
    transport.execute(ApiRequest.delete(path(name)).build());
  }

  /**
   * Pauses an endpoint: no replicas, no cost, no answers until resumed.
   *
   * @param name its name
   * @return the endpoint
   */
  public InferenceEndpoint pause(String name) {
    return transport.call(ApiRequest.post(path(name) + "/pause").build(), InferenceEndpoints::toEndpoint);
  }

  /**
   * Resumes a paused endpoint. The API answers 400 for one that is already running.
   *
   * @param name its name
   * @return the endpoint
   */
  public InferenceEndpoint resume(String name) {
    return transport.call(ApiRequest.post(path(name) + "/resume").build(), InferenceEndpoints::toEndpoint);
  }

  /**
   * Scales an endpoint to zero replicas now; the next request wakes it up.
   *
   * @param name its name
   * @return the endpoint
   */
  public InferenceEndpoint scaleToZero(String name) {
    return transport.call(ApiRequest.post(path(name) + "/scale-to-zero").build(), InferenceEndpoints::toEndpoint);
  }

  /**
   * Polls an endpoint every 10 seconds until it runs with an address and its health route (the endpoint's
   * {@code healthRoute}, {@code /health} by default) answers 200, so that the first chat does not meet a 503 from
   * a server still loading the model. A poll that fails with a network failure, a server error or throttling is
   * retried.
   *
   * @param name its name
   * @param timeout how long to wait, measured on the client's clock
   * @return the running endpoint
   * @throws WaitFailureException if the endpoint fails
   * @throws WaitTimeoutException if it is not running within the timeout; it keeps starting
   * @throws dev.finetune4j.wait.WaitInterruptedException if the thread is interrupted
   */
  public InferenceEndpoint waitUntilRunning(String name, Duration timeout) {
    Objects.requireNonNull(name, "name");
    return Waiter.builder(() -> get(name))
        .waitingFor("huggingface endpoint " + name + " to run")
        .acceptor(Acceptor.successWhen(endpoint -> endpoint.isRunning() && healthy(endpoint)))
        .acceptor(Acceptor.failureWhen(InferenceEndpoint::isFailed, endpoint -> "huggingface: endpoint " + name
            + " is " + endpoint.state() + endpoint.message().map(m -> ": " + m).orElse("")))
        .describe(endpoint -> "still " + endpoint.state())
        .settings(WaitSettings.builder().timeout(timeout).backoff(POLL).clock(clock).sleeper(sleeper).build())
        .build()
        .run();
  }

  private boolean healthy(InferenceEndpoint endpoint) {
    String route = endpoint.raw().text("healthRoute").orElse("");
    route = route.isBlank() ? "/health" : route.startsWith("/") ? route : "/" + route;
    try {
      transport.toBuilder().baseUrl(endpoint.url().orElseThrow()).build().execute(ApiRequest.get(route).build());
      return true;
    } catch (dev.finetune4j.error.ApiException | dev.finetune4j.error.TransportException e) {
      LOG.debug("huggingface: endpoint {} runs but {} does not answer yet: {}", endpoint.name(), route, e.toString());
      return false;
    }
  }

  private String base() {
    return "/endpoint/" + HttpTransport.encode(namespace.get());
  }

  private String path(String name) {
    return base() + "/" + HttpTransport.encode(Objects.requireNonNull(name, "name"));
  }

  static InferenceEndpoint toEndpoint(JsonNode json) {
    JsonNode status = json.path("status");
    return new InferenceEndpoint(json.path("name").asText(), status.path("state").asText("unknown"),
        Json.text(status, "url").filter(u -> !u.isBlank()), json.path("model").path("repository").asText(""),
        Json.text(status, "message"), Json.raw(json));
  }
}
