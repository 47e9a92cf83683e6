/**
 * The OpenAI protocol's emulated endpoints and state, mountable under a path prefix ({@link
 * dev.finetune4j.testkit.internal.openai.OpenAiRoutes}), shared by the emulators of services that speak it. Not
 * API: may change without notice.
 */
package dev.finetune4j.testkit.internal.openai;
