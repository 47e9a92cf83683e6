/**
 * Moving a fine-tuning setup between providers: {@link dev.finetune4j.portable.PortableJob}, a versioned,
 * provider-neutral description of a job and its data files; {@link dev.finetune4j.portable.ModelMapping}, which model
 * stands in for a base model on another provider; and {@link dev.finetune4j.portable.Retargeting}, which turns a
 * description into a checked {@link dev.finetune4j.portable.RetargetPlan} for a target provider.
 */
package dev.finetune4j.portable;
