package dev.finetune4j.dataset;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Validates one file and prints what was found, for {@link ValidatorMemoryTest} to run in a child JVM with a small
 * heap. Exits 0 when the file is valid.
 */
final class BigFileValidation {
  private BigFileValidation() {}

  public static void main(String[] args) {
    long start = System.nanoTime();
    ValidationReport report = DatasetValidator.builder().model("gpt-4o-mini-2024-07-18").build()
        .validate(Path.of(args[0]));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    DatasetStatistics stats = report.statistics();
    System.out.println("examples=" + stats.exampleCount() + " valid=" + report.isValid() + " findings="
        + report.findingCount() + " totalTokens=" + stats.totalTokens() + " elapsedMs=" + elapsedMs
        + " peakHeapBytes=" + peakHeap + " maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    System.exit(report.isValid() ? 0 : 1);
  }
}
