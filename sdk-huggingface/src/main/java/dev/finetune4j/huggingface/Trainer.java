package dev.finetune4j.huggingface;

/** The training program a Hugging Face job runs. */
public enum Trainer {
  /** TRL's command line ({@code trl sft} / {@code trl dpo}) in the {@code huggingface/trl} image. */
  TRL,
  /**
   * A generated, self-contained Unsloth script (PEP 723 header: unsloth, trl, datasets) run with {@code uv} in the
   * {@code ghcr.io/astral-sh/uv:python3.12-bookworm} image: faster and lighter on memory, LoRA only.
   */
  UNSLOTH
}
