/** Wire mapping and helpers of the Hugging Face provider; not API. */
package dev.finetune4j.huggingface.internal;
