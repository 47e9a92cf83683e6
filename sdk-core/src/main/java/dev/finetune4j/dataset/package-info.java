/**
 * Preparing training data: example types, a streaming JSONL reader and writer, validation with line-numbered
 * findings, statistics, token counting, cost estimates, a deterministic train/validation split and format
 * conversion.
 *
 * <p>Everything here streams: memory use does not grow with a file's size beyond a few bytes per example.
 *
 * <pre>{@code
 * ValidationReport report = DatasetValidator.builder()
 *     .rules(client.datasets().rules("gpt-4o-mini-2024-07-18"))   // the provider's rules for the model
 *     .build()
 *     .validate(Path.of("train.jsonl"), Path.of("validation.jsonl"));
 * report.throwIfInvalid();
 * CostEstimate cost = CostEstimate.estimate(report.statistics(), new BigDecimal("3.00"));
 * }</pre>
 */
package dev.finetune4j.dataset;
