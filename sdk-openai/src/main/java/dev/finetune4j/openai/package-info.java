/**
 * The OpenAI provider: {@link dev.finetune4j.openai.OpenAi} implements the neutral
 * {@link dev.finetune4j.FineTuningClient} and adds OpenAI's own Files, Uploads, Evals and checkpoint permissions.
 */
package dev.finetune4j.openai;
