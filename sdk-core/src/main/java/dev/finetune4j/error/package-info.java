/**
 * The exceptions finetune4j throws: one unchecked hierarchy under {@link dev.finetune4j.error.FineTuningException}.
 *
 * <ul>
 *   <li>{@link dev.finetune4j.error.ApiException} and its subclasses: the provider answered with an error status;
 *       each carries status, error code, type, parameter, request id and body.</li>
 *   <li>{@link dev.finetune4j.error.TransportException}: no answer (connection failure, timeout).</li>
 *   <li>{@link dev.finetune4j.error.UnsupportedCapabilityException}: the provider cannot do this.</li>
 *   <li>{@link dev.finetune4j.error.LocalValidationException}: input found wrong before anything was sent.</li>
 *   <li>{@link dev.finetune4j.error.ConfigurationException}: no such provider, or missing credentials.</li>
 * </ul>
 */
package dev.finetune4j.error;
