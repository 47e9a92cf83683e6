/** Mechanics of the transport: retry decisions, error kinds, redaction, Retry-After parsing. Not API. */
package dev.finetune4j.spi.http.internal;
