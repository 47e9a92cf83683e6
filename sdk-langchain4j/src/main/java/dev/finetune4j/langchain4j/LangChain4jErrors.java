package dev.finetune4j.langchain4j;

import dev.finetune4j.error.ApiException;
import dev.finetune4j.error.AuthenticationException;
import dev.finetune4j.error.ClientClosedException;
import dev.finetune4j.error.ConfigurationException;
import dev.finetune4j.error.ConflictException;
import dev.finetune4j.error.InvalidRequestException;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.error.NotFoundException;
import dev.finetune4j.error.PermissionDeniedException;
import dev.finetune4j.error.QuotaExhaustedException;
import dev.finetune4j.error.RateLimitException;
import dev.finetune4j.error.RequestTimeoutException;
import dev.finetune4j.error.ServerException;
import dev.finetune4j.error.TransportException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.net.UnknownHostException;

/**
 * How finetune4j's exceptions become LangChain4j's. The finetune4j exception is always the cause, so its status,
 * error code, request id and body stay reachable; the message is kept as it is.
 *
 * <table>
 *   <caption>The mapping</caption>
 *   <tr><th>finetune4j</th><th>LangChain4j</th></tr>
 *   <tr><td>{@code AuthenticationException}, {@code PermissionDeniedException}</td>
 *       <td>{@code AuthenticationException}</td></tr>
 *   <tr><td>{@code NotFoundException}</td><td>{@code ModelNotFoundException}</td></tr>
 *   <tr><td>{@code RateLimitException}</td><td>{@code RateLimitException} (retriable)</td></tr>
 *   <tr><td>{@code QuotaExhaustedException}</td><td>{@code NonRetriableException}: retrying cannot help</td></tr>
 *   <tr><td>{@code InvalidRequestException}, {@code ConflictException}, {@code LocalValidationException}</td>
 *       <td>{@code InvalidRequestException}</td></tr>
 *   <tr><td>{@code ServerException}</td><td>{@code InternalServerException}</td></tr>
 *   <tr><td>any other {@code ApiException}</td><td>{@code HttpException} with the HTTP status</td></tr>
 *   <tr><td>{@code RequestTimeoutException}</td><td>{@code TimeoutException}</td></tr>
 *   <tr><td>{@code TransportException} for an unknown host</td><td>{@code UnresolvedModelServerException}</td></tr>
 *   <tr><td>any other {@code TransportException}</td><td>{@code RetriableException}</td></tr>
 *   <tr><td>{@code ConfigurationException}, {@code ClientClosedException}</td>
 *       <td>{@code NonRetriableException}</td></tr>
 *   <tr><td>anything else</td><td>{@code LangChain4jException}</td></tr>
 * </table>
 */
public final class LangChain4jErrors {
  private LangChain4jErrors() {}

  /**
   * Maps an exception raised by a finetune4j call to LangChain4j's hierarchy.
   *
   * @param e what the finetune4j call threw
   * @return the LangChain4j exception to throw, with {@code e} as its cause
   */
  public static LangChain4jException map(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof LangChain4jException already) {
      return already;
    }
    if (e instanceof AuthenticationException || e instanceof PermissionDeniedException) {
      return new dev.langchain4j.exception.AuthenticationException(message, e);
    }
    if (e instanceof NotFoundException) {
      return new ModelNotFoundException(message, e);
    }
    if (e instanceof RateLimitException) {
      return new dev.langchain4j.exception.RateLimitException(message, e);
    }
    if (e instanceof QuotaExhaustedException) {
      return new NonRetriableException(message, e);
    }
    if (e instanceof InvalidRequestException || e instanceof ConflictException
        || e instanceof LocalValidationException) {
      return new dev.langchain4j.exception.InvalidRequestException(message, e);
    }
    if (e instanceof ServerException) {
      return new InternalServerException(message, e);
    }
    if (e instanceof ApiException api) {
      HttpException http = new HttpException(api.statusCode(), message);
      http.initCause(e);
      return http;
    }
    if (e instanceof RequestTimeoutException) {
      return new TimeoutException(message, e);
    }
    if (e instanceof TransportException) {
      return hasCause(e, UnknownHostException.class)
          ? new UnresolvedModelServerException(message, e)
          : new RetriableException(message, e);
    }
    if (e instanceof ConfigurationException || e instanceof ClientClosedException) {
      return new NonRetriableException(message, e);
    }
    return new LangChain4jException(message, e);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
