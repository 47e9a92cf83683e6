/** Helpers of {@code dev.finetune4j.dataset}. Not API: may change in any release. */
package dev.finetune4j.dataset.internal;
