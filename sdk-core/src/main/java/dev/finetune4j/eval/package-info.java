/**
 * The evaluation harness: did fine-tuning pay off?
 *
 * <p>An {@link dev.finetune4j.eval.Evaluation} sends every case of an {@link dev.finetune4j.eval.EvalSet} to each
 * {@link dev.finetune4j.eval.Candidate} (a base model zero-shot, the same with a few-shot prompt, a tuned model, at
 * any provider), scores the answers with {@link dev.finetune4j.eval.Scorer}s and returns an
 * {@link dev.finetune4j.eval.EvalReport}: per-case results, per-candidate means with bootstrap confidence intervals,
 * latency percentiles, tokens and cost, and paired {@link dev.finetune4j.eval.Comparison}s with a one-line verdict.
 *
 * <pre>{@code
 * EvalSet set = EvalSet.fromJsonl(Path.of("heldout.jsonl"));
 * EvalReport report = Evaluation.builder()
 *     .evalSet(set)
 *     .candidate(Candidate.zeroShot("base", baseModel))
 *     .candidate(Candidate.fewShot("base-5-shot", baseModel, Path.of("train.jsonl"), 5))
 *     .candidate(Candidate.zeroShot("tuned", tunedModel))
 *     .scorer(Scorers.normalizedMatch())
 *     .scorer(Scorers.tokenF1())
 *     .concurrency(8)
 *     .resultsFile(Path.of("results.jsonl"))
 *     .compare("tuned", "base")
 *     .build()
 *     .run();
 * report.comparisons().forEach(c -> System.out.println(c.verdict()));
 * }</pre>
 */
package dev.finetune4j.eval;
