package dev.finetune4j.testkit.internal.openai;

import java.util.Optional;

/**
 * An error the emulated OpenAI API answers with: an HTTP status and OpenAI's {@code message}, {@code type},
 * {@code param} and {@code code}. How it is written on the wire is up to the {@link ErrorEnvelope} of the mount that
 * answers. Thrown by the route handlers and by emulators (authentication) alike.
 */
public final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;
  final String type;
  final String param;
  final String code;

  /**
   * Creates an error.
   *
   * @param status the HTTP status
   * @param type the error type, such as {@code invalid_request_error}
   * @param message the human-readable message
   * @param param the request parameter at fault, or {@code null}
   * @param code the error code, such as {@code invalid_api_key}, or {@code null}
   */
  public ApiError(int status, String type, String message, String param, String code) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  /**
   * Returns the 404 a request to a path no route answers gets: {@code Invalid URL (GET /v1/nothing)}.
   *
   * @param method the request's method
   * @param path the request's whole path, as sent
   * @return the error
   */
  public static ApiError invalidUrl(String method, String path) {
    return notFound("Invalid URL (" + method + " " + path + ")", null);
  }

  static ApiError invalid(String message, String param) {
    return new ApiError(400, "invalid_request_error", message, param, null);
  }

  static ApiError invalid(String message, String param, String code) {
    return new ApiError(400, "invalid_request_error", message, param, code);
  }

  static ApiError notFound(String message, String param) {
    return new ApiError(404, "invalid_request_error", message, param, null);
  }

  static ApiError notFound(String message, String param, String code) {
    return new ApiError(404, "invalid_request_error", message, param, code);
  }

  /**
   * Returns the HTTP status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * Returns the error type.
   *
   * @return the type, such as {@code invalid_request_error}
   */
  public String type() {
    return type;
  }

  /**
   * Returns the request parameter at fault.
   *
   * @return the parameter, or empty
   */
  public Optional<String> param() {
    return Optional.ofNullable(param);
  }

  /**
   * Returns the error code.
   *
   * @return the code, or empty
   */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }
}
