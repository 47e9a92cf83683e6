/**
 * The OpenAI API emulator: {@link dev.finetune4j.testkit.openai.OpenAiEmulator} and ready-made
 * {@link dev.finetune4j.testkit.openai.OpenAiFaults}.
 */
package dev.finetune4j.testkit.openai;
