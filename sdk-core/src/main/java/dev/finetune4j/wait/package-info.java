/**
 * Waiting for something to reach a state by polling it: one {@link dev.finetune4j.wait.Waiter} behind every wait of
 * the SDK (jobs, file processing, evaluation runs, endpoints, log following, local training).
 *
 * <p>A waiter polls a {@link java.util.function.Supplier}, maps each value (or the exception a poll threw) to a
 * {@link dev.finetune4j.wait.WaitState} through its {@link dev.finetune4j.wait.Acceptor acceptors}, and sleeps
 * between polls as its {@link dev.finetune4j.wait.Backoff} says, until an acceptor says
 * {@link dev.finetune4j.wait.WaitState#SUCCESS success} or {@link dev.finetune4j.wait.WaitState#FAILURE failure},
 * or the timeout of its {@link dev.finetune4j.wait.WaitSettings settings} runs out
 * ({@link dev.finetune4j.error.WaitTimeoutException}).
 *
 * <pre>{@code
 * OpenAiFile file = Waiter.builder(() -> files.retrieve(id))
 *     .waitingFor("file " + id + " to be processed")
 *     .acceptor(Acceptor.successWhen(OpenAiFile::isProcessingDone))
 *     .settings(WaitSettings.builder().timeout(Duration.ofMinutes(30)).build())
 *     .build()
 *     .run();
 * }</pre>
 */
package dev.finetune4j.wait;
