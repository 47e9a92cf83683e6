/** Azure OpenAI's wire mappings and helpers. Not API: may change in any release. */
package dev.finetune4j.azure.internal;
