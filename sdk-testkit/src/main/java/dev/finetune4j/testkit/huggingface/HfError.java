package dev.finetune4j.testkit.huggingface;

/**
 * An error the emulated Hugging Face APIs answer with: body {@code {"error": message}}, header
 * {@code X-Error-Message} and, when set, {@code X-Error-Code}.
 */
final class HfError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;
  final String code;

  HfError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static HfError badRequest(String message) {
    return new HfError(400, null, message);
  }

  static HfError notFound(String message) {
    return new HfError(404, null, message);
  }

  static HfError forbidden(String message) {
    return new HfError(403, null, message);
  }

  /** What the Hub answers for a repository that does not exist or that the caller cannot see: a 401. */
  static HfError repoNotFound() {
    return new HfError(401, "RepoNotFound", "Repository not found");
  }

  static HfError revisionNotFound(String revision) {
    return new HfError(404, "RevisionNotFound", "Invalid rev id: " + revision);
  }

  static HfError entryNotFound(String path) {
    return new HfError(404, "EntryNotFound", "Entry not found: " + path);
  }
}
