/**
 * Helpers shared by the emulators (multipart parsing, id generation). Not API: may change without notice.
 */
package dev.finetune4j.testkit.internal;
