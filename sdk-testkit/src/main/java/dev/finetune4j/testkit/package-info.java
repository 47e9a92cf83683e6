/**
 * In-process emulators of the fine-tuning providers' HTTP APIs, for tests and examples that must not reach the
 * internet, and the infrastructure they share: a {@link dev.finetune4j.testkit.VirtualClock} that jobs progress by,
 * {@link dev.finetune4j.testkit.Fault}s to inject, and a record of every
 * {@link dev.finetune4j.testkit.ReceivedRequest}.
 */
package dev.finetune4j.testkit;
