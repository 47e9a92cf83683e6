package dev.finetune4j.azure;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which Azure OpenAI data-plane API a client speaks: the {@code /openai/v1/} paths ({@link #V1}) or the dated
 * {@code /openai/...?api-version=} paths ({@link #LATEST_GA} by default in that style, previews selectable). Features
 * differ by version: {@link #supportsPauseResume()}, {@link #supportsTrainingMethods()}. Immutable.
 */
public final class AzureApiVersion {
  private static final Pattern DATED = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

  /** The v1 API: {@code {endpoint}/openai/v1/...}, OpenAI-compatible, no dated version. */
  public static final AzureApiVersion V1 = new AzureApiVersion("v1");
  /** The dated GA version {@code 2024-10-21}: files, import, uploads, jobs, events, checkpoints, models. */
  public static final AzureApiVersion GA_2024_10_21 = new AzureApiVersion("2024-10-21");
  /** The last dated preview {@code 2025-04-01-preview}: adds training methods (DPO), pause and resume. */
  public static final AzureApiVersion PREVIEW_2025_04_01 = new AzureApiVersion("2025-04-01-preview");
  /** The latest dated GA version, the default of the dated style. */
  public static final AzureApiVersion LATEST_GA = GA_2024_10_21;

  private final String value;

  private AzureApiVersion(String value) {
    this.value = value;
  }

  /**
   * Returns the version for a string: {@code v1}, or a dated version such as {@code 2024-10-21} or
   * {@code 2025-04-01-preview}.
   *
   * @param value the version as {@code OPENAI_API_VERSION} spells it
   * @return the version
   * @throws IllegalArgumentException if it has another form
   */
  public static AzureApiVersion of(String value) {
    Objects.requireNonNull(value, "value");
    String v = value.trim();
    if (v.equalsIgnoreCase("v1")) {
      return V1;
    }
    if (!DATED.matcher(v).matches()) {
      throw new IllegalArgumentException("an Azure OpenAI API version is 'v1' or a date such as 2024-10-21 or "
          + "2025-04-01-preview, got '" + value + "'");
    }
    return new AzureApiVersion(v);
  }

  /** @return the version string, such as {@code v1} or {@code 2024-10-21} */
  public String value() {
    return value;
  }

  /** @return true for the {@code /openai/v1/} paths, false for the dated ones */
  public boolean isV1() {
    return this.equals(V1);
  }

  /** @return true for a dated preview version */
  public boolean isPreview() {
    return value.endsWith("-preview");
  }

  /**
   * Tells whether jobs can be paused and resumed: v1, and dated previews from {@code 2025-04-01-preview}.
   *
   * @return true if they can
   */
  public boolean supportsPauseResume() {
    return isV1() || (isPreview() && value.compareTo("2025-04-01") >= 0);
  }

  /**
   * Tells whether a create request takes {@code method} (DPO, reinforcement): v1, and dated previews from
   * {@code 2025-04-01-preview}. Older versions train supervised only, with top-level {@code hyperparameters}.
   *
   * @return true if it does
   */
  public boolean supportsTrainingMethods() {
    return supportsPauseResume();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AzureApiVersion other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
