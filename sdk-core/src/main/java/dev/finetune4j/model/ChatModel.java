package dev.finetune4j.model;

import java.util.List;

/**
 * A model to chat with: a base model, a fine-tuned one, a checkpoint, at any provider. Evaluations take any number
 * of them and compare their answers.
 */
public interface ChatModel {

  /**
   * Returns the model's name, as sent to the provider.
   *
   * @return the name
   */
  String model();

  /**
   * Sends a request and returns the answer.
   *
   * @param request the conversation and settings
   * @return the answer with its token usage
   */
  ChatResponse complete(ChatRequest request);

  /**
   * Sends a conversation with default settings.
   *
   * @param messages the conversation, at least one message
   * @return the answer
   */
  default ChatResponse complete(List<ChatMessage> messages) {
    return complete(ChatRequest.of(messages));
  }
}
