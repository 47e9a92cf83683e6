/** Helpers of {@code dev.finetune4j.report}: HTML escaping and SVG charts. Not API: may change in any release. */
package dev.finetune4j.report.internal;
