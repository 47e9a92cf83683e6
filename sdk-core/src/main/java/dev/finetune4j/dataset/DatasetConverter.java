package dev.finetune4j.dataset;

import dev.finetune4j.error.LocalIoException;
import dev.finetune4j.model.ChatMessage;
import dev.finetune4j.model.Role;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Converts JSONL datasets between {@link DatasetFormat}s, streaming, detecting each input line's format.
 *
 * <ul>
 *   <li>chat ↔ chat: {@link DatasetFormat#OPENAI_CHAT} and {@link DatasetFormat#TRL_MESSAGES} (same shape);
 *   <li>prompt-completion → chat: the prompt messages followed by the completion messages (a prompt string becomes
 *       a user message, a completion string an assistant message);
 *   <li>chat → prompt-completion: the trailing assistant messages become the completion, everything before them the
 *       prompt; {@link DatasetFormat#OPENAI_PROMPT_COMPLETION} further needs one plain-text message on each side;
 *   <li>preference ↔ preference: OpenAI's {@code input}/{@code preferred_output}/{@code non_preferred_output} and
 *       TRL's {@code prompt}/{@code chosen}/{@code rejected}.
 * </ul>
 *
 * <p>A preference example has two answers and converts to no other kind; no other kind converts to preference.
 * Blank lines are skipped. Conversion stops at the first line that cannot be converted with a
 * {@link DatasetConversionException} naming the file, line and reason, and leaves nothing at the output path.
 */
public final class DatasetConverter {
  private DatasetConverter() {}

  /**
   * Converts a file.
   *
   * @param in the input JSONL file, in any format, formats may differ between lines
   * @param to the output format
   * @param out the output file, created or replaced
   * @return the number of examples written
   * @throws DatasetConversionException if a line is not valid JSON, matches no format, or cannot be converted
   * @throws LocalIoException if a file cannot be read or written
   */
  public static long convert(Path in, DatasetFormat to, Path out) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(out, "out");
    String file = in.getFileName() == null ? in.toString() : in.getFileName().toString();
    Path absolute = out.toAbsolutePath();
    Path temp;
    try {
      temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".part");
    } catch (IOException e) {
      throw new LocalIoException("cannot create a file next to " + out + ": " + e.getMessage(), null, e);
    }
    boolean done = false;
    try {
      long written;
      try (JsonlReader reader = JsonlReader.open(in); JsonlWriter writer = JsonlWriter.open(temp)) {
        for (JsonlLine line : reader) {
          if (line.isBlank()) {
            continue;
          }
          if (line.error().isPresent()) {
            throw new DatasetConversionException(file, line.number(), "not valid JSON: " + line.error().get());
          }
          try {
            TrainingExample example = TrainingExample.fromJson(line.json().get());
            writer.write(convert(example, to), to);
          } catch (InvalidExampleException e) {
            throw new DatasetConversionException(file, line.number(), e.getMessage());
          }
        }
        written = writer.linesWritten();
      }
      try {
        Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      return written;
    } catch (IOException e) {
      throw new LocalIoException("cannot write " + out + ": " + e.getMessage(), null, e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the conversion failure is what matters
        }
      }
    }
  }

  /**
   * Converts one example to the kind of example a format holds.
   *
   * @param example the example
   * @param to the format to write it in
   * @return an example of {@code to}'s kind
   * @throws InvalidExampleException if the example cannot be converted
   */
  public static TrainingExample convert(TrainingExample example, DatasetFormat to) {
    Objects.requireNonNull(example, "example");
    Objects.requireNonNull(to, "to");
    if (example.kind() == to.kind()) {
      return example;
    }
    if (example instanceof PromptCompletionExample pc && to.kind() == ExampleKind.CHAT) {
      List<ChatMessage> messages = new ArrayList<>(pc.prompt());
      messages.addAll(pc.completion());
      return new ChatExample(messages, List.of(), Optional.empty(), Map.of());
    }
    if (example instanceof ChatExample chat && to.kind() == ExampleKind.PROMPT_COMPLETION) {
      List<ChatMessage> messages = chat.messages();
      int split = messages.size();
      while (split > 0 && messages.get(split - 1).role() == Role.ASSISTANT) {
        split--;
      }
      if (split == messages.size()) {
        throw new InvalidExampleException("messages", "the conversation does not end with an assistant message, so"
            + " it has no completion");
      }
      if (split == 0) {
        throw new InvalidExampleException("messages", "the conversation has only assistant messages, so it has no"
            + " prompt");
      }
      if (!chat.tools().isEmpty()) {
        throw new InvalidExampleException("tools", "prompt-completion formats have no place for tool definitions");
      }
      return new PromptCompletionExample(messages.subList(0, split), messages.subList(split, messages.size()));
    }
    throw new InvalidExampleException("", "a " + kindName(example.kind()) + " example cannot be converted to "
        + to + ", which holds " + kindName(to.kind()) + " examples"
        + (example.kind() == ExampleKind.PREFERENCE ? " (a preference pair has two answers)" : ""));
  }

  private static String kindName(ExampleKind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

}
