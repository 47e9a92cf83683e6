/**
 * finetune4j: fine-tune large language models from Java through one provider-neutral API.
 *
 * <p>Start with {@link dev.finetune4j.FineTuning} to get a {@link dev.finetune4j.FineTuningClient}, then use its
 * {@code datasets()}, {@code jobs()}, {@code models()} and {@code chat(model)}.
 */
package dev.finetune4j;
