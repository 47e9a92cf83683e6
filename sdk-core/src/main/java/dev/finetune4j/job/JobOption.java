package dev.finetune4j.job;

/**
 * A provider's own setting for a job that the neutral {@link JobSpec} does not model, such as the hardware to train
 * on. Each provider module defines its own option types; a provider reads the options of its types and ignores the
 * others, so one spec can carry options for several providers.
 */
public interface JobOption {}
