/** Wire mapping of OpenAI-compatible chat and the checks chat settings share. Not API. */
package dev.finetune4j.model.internal;
