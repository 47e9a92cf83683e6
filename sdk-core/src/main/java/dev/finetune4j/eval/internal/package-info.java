/** Helpers of the evaluation harness (statistics, rate limiting, text normalisation, parsing); not API. */
package dev.finetune4j.eval.internal;
