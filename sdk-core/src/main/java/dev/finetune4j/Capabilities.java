package dev.finetune4j;

import dev.finetune4j.error.UnsupportedCapabilityException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one provider can do, and whether its tuned models must be deployed before they answer. Each provider lists
 * its capabilities one by one, so a capability added to the SDK later is never claimed without being implemented.
 *
 * @param provider the provider's name
 * @param supported the capabilities it has
 * @param deploymentRequired whether a tuned model answers only once {@code models().deploy(...)} has made it an
 *     endpoint (Hugging Face, Azure OpenAI); false where tuned models answer at once (OpenAI), in which case
 *     {@code deploy} returns a ready deployment of the model itself
 */
public record Capabilities(String provider, Set<Capability> supported, boolean deploymentRequired) {

  /** Copies the set and checks that no component is null. */
  public Capabilities {
    Objects.requireNonNull(provider, "provider");
    supported = supported.isEmpty()
        ? Set.of()
        : Collections.unmodifiableSet(EnumSet.copyOf(supported));
  }

  /**
   * Tells whether the provider has a capability.
   *
   * @param capability the capability
   * @return true if it has it
   */
  public boolean supports(Capability capability) {
    return supported.contains(capability);
  }

  /**
   * Fails unless the provider has a capability.
   *
   * @param capability the capability
   * @throws UnsupportedCapabilityException if it lacks it
   */
  public void require(Capability capability) {
    if (!supports(capability)) {
      throw new UnsupportedCapabilityException(provider, capability);
    }
  }
}
