/**
 * In-process emulators of the fine-tuning providers' HTTP APIs, for tests and examples that must not reach the
 * internet, and the infrastructure they share: a {@link dev.finetune4j.testkit.VirtualClock} that jobs progress by,
 * {@link dev.finetune4j.testkit.Fault}s to inject, and a record of every
 * {@link dev.finetune4j.testkit.ReceivedRequest}.
 *
 * <p>Adding a provider: subclass {@link dev.finetune4j.testkit.Emulator} in a package of its own, implement
 * {@code basePath()} and {@code handle(ReceivedRequest)} (called one request at a time, so state can live in plain
 * collections), put the provider's per-response headers in {@code addCommonHeaders}, read time only from
 * {@code clock()} and compute progress from it on each request (no background threads), offer the provider's error
 * bodies as ready-made {@link dev.finetune4j.testkit.Fault}s, and register a factory in {@code EmulatorMain} (one
 * line). Shared helpers for ids and multipart bodies are in {@code dev.finetune4j.testkit.internal}.
 */
package dev.finetune4j.testkit;
