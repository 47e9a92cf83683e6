/** JMH benchmarks of the SDK's hot paths; figures are written to {@code benchmarks/target/jmh-results.json}. */
package dev.finetune4j.benchmarks;
