/**
 * Spring Boot auto-configuration: a {@link dev.finetune4j.FineTuningClient} bean built from {@code finetune4j.*}
 * properties ({@link dev.finetune4j.spring.FineTuningProperties}) by
 * {@link dev.finetune4j.spring.FineTuningAutoConfiguration}, closed with the application context.
 *
 * <pre>
 * finetune4j.provider=openai                 # needs finetune4j-openai on the class path
 * # the key comes from OPENAI_API_KEY (environment or properties), or:
 * finetune4j.api-key=${MY_VAULT_KEY}
 * finetune4j.retry.max-retries=4
 * finetune4j.timeouts.read=2m
 * </pre>
 */
package dev.finetune4j.spring;
