package dev.finetune4j.testkit.huggingface;

import java.util.List;

/** The configuration an emulator was built with. */
record Settings(
    String token,
    String user,
    List<String> organizations,
    long lfsThreshold,
    long multipartThreshold,
    long chunkSize,
    int pageSize,
    HuggingFaceEmulator.MetricFormat metricFormat,
    boolean closeLogStreamAtEnd,
    long seed) {

  boolean ownsNamespace(String namespace) {
    return namespace.equalsIgnoreCase(user) || organizations.stream().anyMatch(namespace::equalsIgnoreCase);
  }
}
