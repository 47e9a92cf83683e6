package dev.finetune4j.azure;

import java.util.Objects;
import java.util.Optional;

/**
 * What Azure's content filter found in one category of a prompt or an answer.
 *
 * @param category such as {@code hate}, {@code sexual}, {@code violence}, {@code self_harm}, {@code jailbreak},
 *     {@code profanity}, {@code protected_material_text}, {@code protected_material_code}
 * @param filtered whether the filter blocked the content for this category
 * @param severity {@code safe}, {@code low}, {@code medium} or {@code high}, for the severity categories
 * @param detected whether the content was detected, for the detection categories
 */
public record ContentFilterResult(String category, boolean filtered, Optional<String> severity,
    Optional<Boolean> detected) {
  /** Checks that no component is null. */
  public ContentFilterResult {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(detected, "detected");
  }
}
