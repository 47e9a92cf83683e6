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

  private OpenAiRoutes(Builder builder) {
    this.api = new OpenAiApi(builder.clock, builder.ids, builder.modelIds, builder.modelReadyAfter);
  }

  /**
   * Returns a builder; clock, ids and the fine-tuned model id form are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
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

  /** Configures {@link OpenAiRoutes}. Not thread-safe. */
  public static final class Builder {
    private VirtualClock clock;
    private Ids ids;
    private FineTunedModelIds modelIds;
    private Duration modelReadyAfter = Duration.ZERO;

    private Builder() {
    }

    /**
     * Sets the clock jobs progress by.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(VirtualClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the generator of object ids (files, jobs, events...).
     *
     * @param ids the generator; the routes draw their organization id from it first
     * @return this builder
     */
    public Builder ids(Ids ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    /**
     * Sets the form of fine-tuned model ids.
     *
     * @param modelIds such as {@link FineTunedModelIds#openAi(String)}
     * @return this builder
     */
    public Builder modelIds(FineTunedModelIds modelIds) {
      this.modelIds = Objects.requireNonNull(modelIds, "modelIds");
      return this;
    }

    /**
     * Sets how long after its job succeeded a fine-tuned model still answers chat with 404; default zero.
     *
     * @param delay a non-negative duration of virtual time
     * @return this builder
     */
    public Builder fineTunedModelReadyAfter(Duration delay) {
      this.modelReadyAfter = Checks.nonNegative(delay, "delay");
      return this;
    }

    /**
     * Builds the routes with fresh, empty state.
     *
     * @return the routes
     * @throws IllegalStateException if clock, ids or modelIds is not set
     */
    public OpenAiRoutes build() {
      if (clock == null || ids == null || modelIds == null) {
        throw new IllegalStateException("clock, ids and modelIds are required; missing:"
            + (clock == null ? " clock" : "") + (ids == null ? " ids" : "") + (modelIds == null ? " modelIds" : ""));
      }
      return new OpenAiRoutes(this);
    }
  }
}
