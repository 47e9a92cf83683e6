package dev.finetune4j.azure.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.azure.AzureApiVersion;
import dev.finetune4j.azure.AzureTrainingType;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.JobStatus;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.openai.OpenAiDialect;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Azure OpenAI's dialect of the OpenAI protocol, per API version. What differs from OpenAI:
 *
 * <ul>
 *   <li>statuses: {@code pending} (and the never-returned {@code created}) is queued, {@code pausing} and
 *       {@code resuming} are still running, {@code paused} is paused; the raw value is kept;
 *   <li>every create carries {@code trainingType} ({@link AzureTrainingType#GLOBAL} unless the spec says otherwise);
 *   <li>the job list has no metadata filter in any style (the published descriptions have only {@code after} and
 *       {@code limit}), and the dated versions keep no metadata at all. So every create carries a seed (a random
 *       one when the spec has none), and a retried create recognises its job by the idempotency key where the job
 *       kept metadata, else by model, training and validation file, suffix and seed, reading the job list page by
 *       page, newest first, up to ten pages of 100 (a resource holds at most 100 jobs);
 *   <li>dated versions before {@code 2025-04-01-preview} take supervised training only, with top-level
 *       {@code hyperparameters} instead of {@code method}; dated versions take no {@code metadata}, so no labels;
 *       their suffix has at most 40 characters, of a-z, A-Z, 0-9, - and _ (the dated specifications' rule).
 * </ul>
 *
 * Not API.
 */
public final class AzureDialect {
  /** The provider name. */
  public static final String PROVIDER = "azure";

  private static final SecureRandom SEEDS = new SecureRandom();

  private AzureDialect() {}

  /**
   * Returns the dialect for an API version.
   *
   * @param version the version
   * @return the dialect
   */
  public static OpenAiDialect forVersion(AzureApiVersion version) {
    Objects.requireNonNull(version, "version");
    return OpenAiDialect.builder(PROVIDER, "Azure OpenAI")
        .maxSuffixLength(version.isV1() ? 64 : 40)
        .filtersJobsByMetadata(false, 10)
        .statusMapping(AzureDialect::status)
        .createExtension((spec, body) -> extend(version, spec, body))
        .createdJobMatcher(AzureDialect::createdBy)
        .build();
  }

  /**
   * Maps an Azure job status to a neutral one, keeping unknown values.
   *
   * @param status the status as sent
   * @return the neutral status
   */
  public static JobStatus status(String status) {
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "pending", "created", "notrunning" -> JobStatus.QUEUED;
      case "pausing", "resuming" -> JobStatus.RUNNING;
      default -> JobStatus.of(status);
    };
  }

  private static void extend(AzureApiVersion version, JobSpec spec, ObjectNode body) {
    body.put("trainingType", spec.option(AzureTrainingType.class).orElse(AzureTrainingType.GLOBAL).value());
    if (!body.has("seed")) {
      body.put("seed", SEEDS.nextInt(Integer.MAX_VALUE));
    }
    if (version.isV1()) {
      return;
    }
    String suffix = spec.suffix().orElse("");
    if (!suffix.matches("[A-Za-z0-9_-]*")) {
      String problem = "suffix may hold only a-z, A-Z, 0-9, - and _ on api-version " + version + ", was '" + suffix
          + "'";
      throw new LocalValidationException("The job spec breaks Azure OpenAI's limits: " + problem, List.of(problem));
    }
    if (!spec.labels().isEmpty()) {
      String problem = "labels are job metadata, which the dated Azure OpenAI API (api-version " + version
          + ") does not keep; use AzureApiVersion.V1 or no labels";
      throw new LocalValidationException("The job spec breaks Azure OpenAI's limits: " + problem, List.of(problem));
    }
    body.remove("metadata");
    if (!version.supportsTrainingMethods()) {
      if (!(spec.method() instanceof TrainingMethod.Supervised)) {
        String problem = "api-version " + version + " trains supervised only; preference (DPO) and reinforcement"
            + " training need AzureApiVersion.V1 or 2025-04-01-preview";
        throw new LocalValidationException("The job spec breaks Azure OpenAI's limits: " + problem,
            List.of(problem));
      }
      JsonNode hyperparameters = body.path("method").path("supervised").path("hyperparameters");
      body.remove("method");
      if (hyperparameters.isObject() && hyperparameters.size() > 0) {
        body.set("hyperparameters", hyperparameters);
      }
    }
  }

  private static boolean createdBy(JsonNode job, JsonNode body) {
    String key = body.path("metadata").path(dev.finetune4j.openai.internal.JobWire.IDEMPOTENCY_KEY).asText(null);
    String kept = job.path("metadata").path(dev.finetune4j.openai.internal.JobWire.IDEMPOTENCY_KEY).asText(null);
    if (key != null && kept != null) {
      return key.equals(kept);
    }
    if (!same(job, body, "model") || !same(job, body, "training_file") || !same(job, body, "validation_file")) {
      return false;
    }
    if (job.path("seed").isIntegralNumber() && job.path("seed").asLong() != body.path("seed").asLong()) {
      return false;
    }
    String suffix = body.path("suffix").asText(null);
    String jobSuffix = job.hasNonNull("user_provided_suffix") ? job.get("user_provided_suffix").asText()
        : job.hasNonNull("suffix") ? job.get("suffix").asText() : null;
    return suffix == null || jobSuffix == null || suffix.equals(jobSuffix);
  }

  private static boolean same(JsonNode job, JsonNode body, String field) {
    String wanted = body.hasNonNull(field) ? body.get(field).asText() : null;
    String actual = job.hasNonNull(field) ? job.get(field).asText() : null;
    return Objects.equals(wanted, actual);
  }
}
