/** The Azure OpenAI emulator: data plane in both URL styles, Resource Manager deployments, Entra ID tokens. */
package dev.finetune4j.testkit.azure;
