/**
 * The Hugging Face emulator: {@link dev.finetune4j.testkit.huggingface.HuggingFaceEmulator} (Hub, Jobs, Inference
 * Endpoints and the router on one port) and ready-made {@link dev.finetune4j.testkit.huggingface.HuggingFaceFaults}.
 */
package dev.finetune4j.testkit.huggingface;
