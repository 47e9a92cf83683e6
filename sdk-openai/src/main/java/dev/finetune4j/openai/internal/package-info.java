/** Wire mapping of the OpenAI provider. Not API: may change in any release. */
package dev.finetune4j.openai.internal;
