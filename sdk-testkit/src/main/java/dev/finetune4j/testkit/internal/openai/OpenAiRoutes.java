package dev.finetune4j.testkit.internal.openai;

import dev.finetune4j.testkit.ReceivedRequest;
import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Checks;
import dev.finetune4j.testkit.internal.Ids;
import dev.finetune4j.testkit.internal.Json;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;

/**
 * The OpenAI API's endpoints (Files, Uploads, fine-tuning jobs and checkpoint permissions, Models, Chat Completions,
 * Evals) and their state, independent of where they are served. An emulator {@linkplain #mount(String, ErrorEnvelope)
 * mounts} them under a path prefix with an error envelope: OpenAI's emulator at {@code /v1} with OpenAI's envelope;
 * a service that speaks the same protocol elsewhere (such as {@code /openai/v1}) with its own. Several mounts of one
 * instance share its state. Called one request at a time, under the emulator's lock.
 */
public final class OpenAiRoutes {

  private static final Pattern PREFIX = Pattern.compile("(/[^/]+)+");

  private final OpenAiApi api;

  private OpenAiRoutes(OpenAiApi api) {
    this.api = api;
  }

  /**
   * Creates the routes with fresh, empty state.
   *
   * @param clock the clock jobs progress by
   * @param ids the generator of object ids (files, jobs, events...); the routes draw their organization id first
   * @param modelIds the form of fine-tuned model ids, such as {@link FineTunedModelIds#openAi(String)}
   * @param modelReadyAfter how long after its job succeeded a fine-tuned model still answers chat with 404
   *     {@code model_not_found}; a non-negative duration of virtual time
   * @return the routes
   */
  public static OpenAiRoutes create(VirtualClock clock, Ids ids, FineTunedModelIds modelIds,
      Duration modelReadyAfter) {
    return new OpenAiRoutes(new OpenAiApi(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(ids, "ids"),
        Objects.requireNonNull(modelIds, "modelIds"), Checks.nonNegative(modelReadyAfter, "modelReadyAfter")));
  }

  /**
   * Renames job statuses in every answer, for a service with its own status names (Azure OpenAI says
   * {@code pending} where OpenAI says {@code validating_files} or {@code queued}). The jobs' behaviour is unchanged.
   *
   * @param names maps OpenAI's status to the one written
   * @return these routes
   */
  public OpenAiRoutes jobStatusNames(java.util.function.UnaryOperator<String> names) {
    api.jobStatusNames = Objects.requireNonNull(names, "names");
    return this;
  }

  /**
   * Accepts more top-level fields in a job's create request than OpenAI's, for a service that adds its own (Azure
   * OpenAI's {@code trainingType}); they are accepted and ignored.
   *
   * @param fields the field names
   * @return these routes
   */
  public OpenAiRoutes extraJobFields(java.util.Set<String> fields) {
    api.extraJobFields = java.util.Set.copyOf(fields);
    return this;
  }

  /**
   * Mounts the routes under a path prefix.
   *
   * @param prefix such as {@code /v1} or {@code /openai/v1}: one or more segments, each after a slash, no trailing
   *     slash
   * @param envelope how errors are written
   * @return the mount
   * @throws IllegalArgumentException if the prefix has another form
   */
  public Mount mount(String prefix, ErrorEnvelope envelope) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(envelope, "envelope");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("prefix must be one or more '/segment's without a trailing slash, such as"
          + " /v1, got '" + prefix + "'");
    }
    return new Mount(prefix, envelope);
  }

  /** The routes under one path prefix, writing errors in one envelope. */
  public final class Mount {

    private final String prefix;
    private final ErrorEnvelope envelope;

    private Mount(String prefix, ErrorEnvelope envelope) {
      this.prefix = prefix;
      this.envelope = envelope;
    }

    /**
     * Returns the prefix the routes are mounted under.
     *
     * @return such as {@code /v1}
     */
    public String prefix() {
      return prefix;
    }

    /**
     * Returns the part of a request's path below the prefix, which is what the routes match: {@code /files} for
     * {@code /v1/files} under {@code /v1}.
     *
     * @param request the request
     * @return the route path, starting with a slash; empty when the path is not below the prefix (the prefix alone
     *     is not below it)
     */
    public Optional<String> routePath(ReceivedRequest request) {
      String path = request.path();
      if (!path.startsWith(prefix + "/")) {
        return Optional.empty();
      }
      return Optional.of(path.substring(prefix.length()));
    }

    /**
     * Answers a request: the endpoint's reply, or its error in this mount's envelope (404 for a path no route
     * matches).
     *
     * @param request the request
     * @param routePath its {@link #routePath(ReceivedRequest) route path}
     * @return the response
     */
    public MockResponse answer(ReceivedRequest request, String routePath) {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(routePath, "routePath");
      try {
        Reply reply = api.route(request, routePath);
        if (reply.bytes() != null) {
          return new MockResponse.Builder().code(reply.status()).setHeader("Content-Type", reply.contentType())
              .body(new okio.Buffer().write(reply.bytes())).build();
        }
        return Json.response(reply.status(), reply.json()).build();
      } catch (ApiError e) {
        return error(e);
      }
    }

    /**
     * Writes an error in this mount's envelope.
     *
     * @param error the error
     * @return the response, with the error's status
     */
    public MockResponse error(ApiError error) {
      Objects.requireNonNull(error, "error");
      return Json.response(error.status, envelope.body(error)).build();
    }
  }
}
