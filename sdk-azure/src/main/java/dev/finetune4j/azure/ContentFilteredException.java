package dev.finetune4j.azure;

import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.InvalidRequestException;
import java.util.Objects;

/**
 * Azure's content filter blocked a prompt: HTTP 400 with code {@code content_filter} and inner code
 * {@code ResponsibleAIPolicyViolation}. Retrying the same prompt gives the same answer; {@link #results()} says
 * which categories were filtered.
 */
public class ContentFilteredException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  private final transient ContentFilterResults results;

  /**
   * Creates the exception.
   *
   * @param details what Azure answered
   * @param results the filter's results for the prompt
   */
  public ContentFilteredException(ApiErrorDetails details, ContentFilterResults results) {
    super(details);
    this.results = Objects.requireNonNull(results, "results");
  }

  /** @return the content filter's results for the prompt */
  public ContentFilterResults results() {
    return results;
  }
}
