/**
 * JMH benchmarks of the SDK's hot paths; {@link dev.finetune4j.benchmarks.RunBenchmarks} runs them and writes the
 * figures to {@code benchmarks/target/results.json}.
 */
package dev.finetune4j.benchmarks;
