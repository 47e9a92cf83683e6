package dev.finetune4j.spi.http.internal;

import dev.finetune4j.error.ApiErrorDetails;
import dev.finetune4j.error.ApiException;
import dev.finetune4j.error.AuthenticationException;
import dev.finetune4j.error.ConflictException;
import dev.finetune4j.error.InvalidRequestException;
import dev.finetune4j.error.NotFoundException;
import dev.finetune4j.error.PermissionDeniedException;
import dev.finetune4j.error.QuotaExhaustedException;
import dev.finetune4j.error.RateLimitException;
import dev.finetune4j.error.ServerException;
import java.util.Locale;
import java.util.Set;

/** Maps error details to the exception of their kind. */
public final class Errors {
  private static final Set<String> QUOTA_CODES =
      Set.of("insufficient_quota", "exceeded_quota", "quota_exceeded", "billing_hard_limit_reached");

  private Errors() {}

  /**
   * Tells whether an error means the account's quota or credit is used up (never worth retrying).
   *
   * @param details the error
   * @return true for HTTP 402, and for a quota code or type
   */
  public static boolean isQuotaExhausted(ApiErrorDetails details) {
    if (details.statusCode() == 402) {
      return true;
    }
    return details.code().map(c -> QUOTA_CODES.contains(c.toLowerCase(Locale.ROOT))).orElse(false)
        || details.type().map(t -> QUOTA_CODES.contains(t.toLowerCase(Locale.ROOT))).orElse(false);
  }

  /**
   * Returns the exception for an error.
   *
   * @param details the error
   * @return the exception of its kind
   */
  public static ApiException toException(ApiErrorDetails details) {
    if (isQuotaExhausted(details)) {
      return new QuotaExhaustedException(details);
    }
    int status = details.statusCode();
    return switch (status) {
      case 400, 422 -> new InvalidRequestException(details);
      case 401 -> new AuthenticationException(details);
      case 403 -> new PermissionDeniedException(details);
      case 404 -> new NotFoundException(details);
      case 409 -> new ConflictException(details);
      case 429 -> new RateLimitException(details);
      default -> status >= 500 ? new ServerException(details) : new ApiException(details);
    };
  }
}
