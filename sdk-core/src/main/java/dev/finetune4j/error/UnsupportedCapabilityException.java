package dev.finetune4j.error;

import dev.finetune4j.Capability;
import java.util.Objects;

/**
 * The provider cannot do what was asked, such as pausing a training job on a provider without pause. Ask
 * {@code FineTuningClient.capabilities()} first to avoid it.
 */
public class UnsupportedCapabilityException extends FineTuningException {
  private static final long serialVersionUID = 1L;

  private final String provider;
  private final Capability capability;

  /**
   * Creates the exception.
   *
   * @param provider the provider that lacks the capability
   * @param capability the missing capability
   */
  public UnsupportedCapabilityException(String provider, Capability capability) {
    super("Provider '" + provider + "' does not support " + capability.description()
        + " (capability " + capability + ")");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.capability = capability;
  }

  /**
   * Creates the exception with a sentence on why and what to do instead, such as the API version that has it.
   *
   * @param provider the provider that lacks the capability
   * @param capability the missing capability
   * @param detail why it is missing here and what to use instead
   */
  public UnsupportedCapabilityException(String provider, Capability capability, String detail) {
    super("Provider '" + provider + "' does not support " + capability.description()
        + " (capability " + capability + "): " + Objects.requireNonNull(detail, "detail"));
    this.provider = Objects.requireNonNull(provider, "provider");
    this.capability = capability;
  }

  /**
   * Returns the provider that lacks the capability.
   *
   * @return the provider name
   */
  public String provider() {
    return provider;
  }

  /**
   * Returns the missing capability.
   *
   * @return the capability
   */
  public Capability capability() {
    return capability;
  }
}
