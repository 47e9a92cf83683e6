/**
 * The service-provider interface a provider module implements to be found by {@link dev.finetune4j.FineTuning}.
 * Not for applications.
 */
package dev.finetune4j.spi;
