/**
 * Fine-tuning jobs: {@link dev.finetune4j.job.JobSpec what to train}, {@link dev.finetune4j.job.Job the job} with
 * its open-ended {@link dev.finetune4j.job.JobStatus status}, its {@link dev.finetune4j.job.JobEvent events},
 * {@link dev.finetune4j.job.TrainingMetrics metrics} and {@link dev.finetune4j.job.Checkpoint checkpoints}, and
 * {@link dev.finetune4j.job.Jobs#waitFor(String, dev.finetune4j.job.WaitOptions) the waiter} that follows a job to
 * its end.
 */
package dev.finetune4j.job;
