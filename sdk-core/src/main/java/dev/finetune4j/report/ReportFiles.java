package dev.finetune4j.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files {@link FineTuningReport#writeTo(Path)} wrote.
 *
 * @param html the self-contained HTML report, to open in a browser
 * @param json the same figures as JSON
 */
public record ReportFiles(Path html, Path json) {
  /** Checks that no component is null. */
  public ReportFiles {
    Objects.requireNonNull(html, "html");
    Objects.requireNonNull(json, "json");
  }
}
