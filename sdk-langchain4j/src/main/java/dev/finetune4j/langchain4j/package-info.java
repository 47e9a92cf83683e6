/**
 * LangChain4j integration: {@link dev.finetune4j.langchain4j.LangChain4jChatModel} makes any finetune4j
 * {@link dev.finetune4j.model.ChatModel} (a model tuned at OpenAI, Azure OpenAI or Hugging Face, or one served by an
 * OpenAI-compatible server) a LangChain4j {@code dev.langchain4j.model.chat.ChatModel}, usable in AI services,
 * chains and agents.
 *
 * <pre>{@code
 * FineTuningClient client = FineTuning.client("openai");
 * ChatModel model = LangChain4jChatModel.of(client, "ft:gpt-4.1-mini-2025-04-14:acme:recipes:abc123");
 * String answer = model.chat("A quick vegetarian dinner for two?");
 * }</pre>
 */
package dev.finetune4j.langchain4j;
