package dev.finetune4j.testkit.huggingface;

import dev.finetune4j.testkit.Fault;
import java.time.Duration;

/**
 * Ready-made {@link Fault}s with the bodies and headers the Hugging Face services send. Each applies to any request
 * once; narrow it with {@link Fault#forRequests(String, String)} and {@link Fault#times(int)}.
 */
public final class HuggingFaceFaults {

  private HuggingFaceFaults() {
  }

  /**
   * A 429 of the Hub's {@code api} bucket: {@code RateLimit: "api";r=0;t=<seconds>}, its policy header and
   * {@code Retry-After}.
   *
   * @param retryAfter when the window resets
   * @return the fault
   */
  public static Fault rateLimited(Duration retryAfter) {
    long seconds = Math.max(0, retryAfter.toSeconds());
    return Fault.status(429, "{\"error\":\"You have exceeded our hourly quotas for action: api. We invite you to "
            + "retry later.\"}")
        .withHeader("RateLimit", "\"api\";r=0;t=" + seconds)
        .withHeader("RateLimit-Policy", "\"fixed window\";\"api\";q=2500;w=300")
        .withHeader("Retry-After", Long.toString(seconds))
        .withHeader("X-Error-Message", "You have exceeded our hourly quotas for action: api.");
  }

  /**
   * A 500 as the Hub sends it.
   *
   * @return the fault
   */
  public static Fault serverError() {
    return Fault.status(500, "{\"error\":\"Internal Error - We're working hard to fix this as soon as possible!\"}")
        .withHeader("X-Error-Message", "Internal Error - We're working hard to fix this as soon as possible!");
  }

  /**
   * A 503 from the Hub's front end.
   *
   * @return the fault
   */
  public static Fault serviceUnavailable() {
    return Fault.status(503, "{\"error\":\"Service Unavailable\"}")
        .withHeader("X-Error-Message", "Service Unavailable");
  }

  /**
   * The 409 the Hub answers to a repository creation while another operation on it runs; clients re-post it.
   *
   * @return the fault
   */
  public static Fault conflictingOperation() {
    return Fault.status(409, "{\"error\":\"There is another conflicting operation is in progress, please retry "
            + "later\"}")
        .withHeader("X-Error-Message", "another conflicting operation is in progress");
  }
}
