/**
 * The Hugging Face provider: {@link dev.finetune4j.huggingface.HuggingFace} composes the Hub (datasets and models
 * as repositories), Jobs (training with TRL or Unsloth), Inference Endpoints (hosting) and the OpenAI-compatible
 * chat of endpoints and the router; {@code LocalTraining} runs the same training on the
 * user's own machine and {@code AutoTrain} talks to a self-hosted AutoTrain.
 */
package dev.finetune4j.huggingface;
