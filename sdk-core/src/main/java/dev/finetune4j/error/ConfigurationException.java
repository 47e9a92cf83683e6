package dev.finetune4j.error;

/**
 * The SDK is not set up for what was asked: no provider of that name on the class path, or a provider without the
 * credentials or settings it needs.
 */
public class ConfigurationException extends FineTuningException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is missing and how to supply it
   */
  public ConfigurationException(String message) {
    super(message);
  }
}
