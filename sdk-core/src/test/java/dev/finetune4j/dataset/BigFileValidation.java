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
    DatasetRules exact = DatasetRules.builder().tokenCounter(TokenCounters.o200k()).build();
    ValidationReport report = DatasetValidator.builder().rules(exact).build().validate(Path.of(args[0]));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    // the old generation holds what lives long: the hash map, the histogram and the tokenizer's tables
    long peakOld = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old")) {
        peakOld = Math.max(peakOld, pool.getPeakUsage().getUsed());
      }
    }
    DatasetStatistics stats = report.statistics();
    System.out.println("examples=" + stats.exampleCount() + " valid=" + report.isValid() + " findings="
        + report.findingCount() + " totalTokens=" + stats.totalTokens() + " elapsedMs=" + elapsedMs
        + " peakOldGenBytes=" + peakOld + " maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    System.exit(report.isValid() ? 0 : 1);
  }
}
