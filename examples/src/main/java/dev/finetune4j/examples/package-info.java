/** Runnable programs: the main job and short examples, each against an emulator when no credentials are set. */
package dev.finetune4j.examples;
