/**
 * The provider kit: what a provider module implements and builds on. Not application API; applications use the
 * neutral API ({@link dev.finetune4j.FineTuning}, {@link dev.finetune4j.FineTuningClient}) and a provider's own
 * client.
 *
 * <ul>
 *   <li>{@link dev.finetune4j.spi.FineTuningProvider}: how {@code FineTuning} finds a provider on the class path.
 *   <li>{@link dev.finetune4j.spi.ClientSettings}: the checks every provider builder makes, and the reading of its
 *       environment variables.
 *   <li>{@link dev.finetune4j.spi.http}: the one HTTP transport (retries, error mapping, redaction, pagination,
 *       JSON), configured by the application's {@link dev.finetune4j.ClientOptions}.
 * </ul>
 *
 * <p>The rest of the kit is public API that providers and applications share: the waiter in
 * {@link dev.finetune4j.wait}, and the per-provider validation rules {@link dev.finetune4j.dataset.DatasetRules}.
 */
package dev.finetune4j.spi;
