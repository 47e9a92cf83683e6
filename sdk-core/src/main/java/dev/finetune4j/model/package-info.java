/**
 * Models and chat: {@link dev.finetune4j.model.ModelInfo model information},
 * {@link dev.finetune4j.model.Deployment deployments}, and {@link dev.finetune4j.model.ChatModel chat} with any
 * model, including {@link dev.finetune4j.model.OpenAiCompatibleChatModel any server that speaks the OpenAI chat
 * protocol}.
 */
package dev.finetune4j.model;
