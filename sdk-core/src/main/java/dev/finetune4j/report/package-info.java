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
 *
 * <h2>The layout of {@code report.json}</h2>
 *
 * <p>The file is one JSON object. Its first two fields name the layout, {@code "format": "finetune4j-report"} and
 * {@code "version": 1}; a later release that changes the layout in a way a reader could trip over writes a new
 * version, and adding a field is not such a change. Files written before the layout was versioned have the same
 * fields without these two. A part the report does not have is left out, and so is a field marked {@code ?} below
 * when it has no value. Times are ISO-8601 text; amounts are JSON numbers in the report's currency.
 *
 * <pre>{@code
 * {
 *   "format": "finetune4j-report", "version": 1,
 *   "title": "...", "generatedAt": "2026-01-05T11:00:00Z",
 *   "job": {"id", "provider", "status", "providerStatus", "baseModel", "fineTunedModel"?, "trainingFile"?,
 *           "validationFile"?, "createdAt", "finishedAt"?, "trainedTokens"?, "trainingCost"?, "error"?,
 *           "labels"?: {name: value}, "settings"?: {"method", "epochs", "batch size", "learning rate multiplier",
 *           "beta"?, "suffix"?, "seed"?}},
 *   "dataset": {"training"?: statistics, "validation"?: statistics,
 *               "costEstimate"?: {"billableTokens", "epochs", "trainedTokens", "pricePerMillionTokens", "cost"}},
 *   "training": {"curves": {"trainLoss"?: [{"step", "value"}], "validationLoss"?: [...],
 *                           "fullValidationLoss"?: [...]},
 *                "checkpoints": [{"id", "model", "step", "createdAt", "trainLoss"?, "validationLoss"?}]},
 *   "evaluation": {"evalSet", "caseCount", "confidenceLevel", "scorers": [name],
 *                  "candidates": [{"name", "model", "cases", "errors",
 *                                  "scores": {scorer: {"mean", "lower", "upper", "count", "errors"}},
 *                                  "tokens": {"meanInput", "meanOutput", "meanTotal", "totalInput", "totalOutput"},
 *                                  "cost"?: {"total", "perThousandAnswers"},
 *                                  "latencyMillis": {"p50", "p90", "mean"}}],
 *                  "comparisons": [{"candidate", "baseline", "scorer", "pairs", "wins", "ties", "losses",
 *                                   "meanDifference", "lower", "upper", "tokenChange", "outcome", "verdict"}]}
 * }
 * }</pre>
 *
 * <p>{@code statistics} is {@code {"exampleCount", "minTokens", "maxTokens", "meanTokens", "medianTokens",
 * "p90Tokens", "totalTokens", "assistantTokens", "examplesOverLimit", "billableTokens", "tokenLimit" (only when the
 * provider has a per-example limit),
 * "exactCounts"}}. The curves hold the points drawn: the last value reported for each step, ascending by step. A
 * checkpoint's losses are its own metrics when it has them, else the curve's value at its step ({@code
 * validationLoss} prefers the full validation loss). {@code outcome} is the name of a
 * {@link dev.finetune4j.eval.Comparison.Outcome}. Scores are between 0 and 1; {@code lower} and {@code upper} bound
 * the bootstrap confidence interval at {@code confidenceLevel}.
 */
package dev.finetune4j.report;
