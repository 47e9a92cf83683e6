/**
 * The Hugging Face provider: {@link dev.finetune4j.huggingface.HuggingFace} composes the Hub (datasets and models
 * as repositories), Jobs (training with TRL or Unsloth), Inference Endpoints (hosting) and the OpenAI-compatible
 * chat of endpoints and the router; {@link dev.finetune4j.huggingface.LocalTraining} runs the same training on the
 * user's own machine and {@link dev.finetune4j.huggingface.AutoTrain} talks to a self-hosted AutoTrain.
 */
package dev.finetune4j.huggingface;
