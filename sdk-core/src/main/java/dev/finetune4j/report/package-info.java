/**
 * One report of a fine-tuning run, for people: {@link dev.finetune4j.report.FineTuningReport} turns a job, its
 * training metrics and checkpoints, the dataset's statistics and cost estimate, and an evaluation into one
 * self-contained HTML file (charts drawn as inline SVG, nothing fetched from the network) and the same figures as
 * JSON.
 *
 * <pre>{@code
 * ReportFiles files = FineTuningReport.builder()
 *     .job(done)
 *     .metrics(collectedMetrics)
 *     .checkpoints(client.jobs().checkpoints(done.id()))
 *     .dataset(validation.statistics(), estimate)
 *     .evaluation(evalReport)
 *     .build()
 *     .writeTo(Path.of("target/report"));
 * System.out.println("open " + files.html().toUri());
 * }</pre>
 */
package dev.finetune4j.report;
