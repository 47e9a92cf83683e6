/** JMH benchmarks of the SDK's hot paths; figures are written to {@code benchmarks/target/results.json} by {@link dev.finetune4j.benchmarks.RunBenchmarks}. */
package dev.finetune4j.benchmarks;
