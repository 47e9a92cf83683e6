/**
 * Azure OpenAI: fine-tuning on an Azure OpenAI (Foundry) resource through the OpenAI protocol in Azure's dialect,
 * in the {@code /openai/v1} or the dated {@code api-version} style, with API keys or Microsoft Entra ID, and
 * deployments through Azure Resource Manager. Start with {@link dev.finetune4j.azure.AzureOpenAi}.
 */
package dev.finetune4j.azure;
