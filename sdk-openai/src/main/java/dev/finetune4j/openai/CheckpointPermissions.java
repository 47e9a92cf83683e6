package dev.finetune4j.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.Paged;
import dev.finetune4j.spi.http.ApiRequest;
import dev.finetune4j.spi.http.HttpTransport;
import dev.finetune4j.spi.http.Json;
import dev.finetune4j.spi.http.Pagination;
import dev.finetune4j.openai.internal.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Shares fine-tuned checkpoints with other projects of the organisation. Every call authenticates with the admin
 * key ({@code OpenAi.builder().adminKey(...)} or {@code OPENAI_ADMIN_KEY}).
 *
 * <pre>{@code
 * openai.checkpointPermissions().grant("ft:gpt-4.1-mini-2025-04-14:acme:recipes:abc:ckpt-step-100",
 *     List.of("proj_abc"));
 * }</pre>
 */
public final class CheckpointPermissions {
  private final HttpTransport adminTransport;

  CheckpointPermissions(HttpTransport adminTransport) {
    this.adminTransport = adminTransport;
  }

  /**
   * Lists the projects a checkpoint is shared with, page by page.
   *
   * @param checkpoint the checkpoint's model name, such as {@code ft:...:ckpt-step-100}
   * @return the permissions
   */
  public Paged<CheckpointPermission> list(String checkpoint) {
    String path = path(checkpoint);
    return Pagination.cursor(after -> {
      ApiRequest.Builder request = ApiRequest.get(path).query("limit", 100);
      after.ifPresent(a -> request.query("after", a));
      return adminTransport.call(request.build(), json -> Wire.page(json, CheckpointPermissions::permission));
    });
  }

  /**
   * Shares a checkpoint with projects.
   *
   * @param checkpoint the checkpoint's model name
   * @param projectIds the projects, at least one
   * @return the permissions created
   */
  public List<CheckpointPermission> grant(String checkpoint, List<String> projectIds) {
    Objects.requireNonNull(projectIds, "projectIds");
    if (projectIds.isEmpty()) {
      throw new IllegalArgumentException("projectIds must name at least one project");
    }
    ObjectNode body = Json.object();
    ArrayNode ids = body.putArray("project_ids");
    projectIds.forEach(id -> ids.add(Objects.requireNonNull(id, "project id")));
    JsonNode answer = adminTransport.json(ApiRequest.post(path(checkpoint)).json(body).build());
    List<CheckpointPermission> created = new ArrayList<>();
    answer.path("data").forEach(p -> created.add(permission(p)));
    return List.copyOf(created);
  }

  /**
   * Stops sharing a checkpoint with a project.
   *
   * @param checkpoint the checkpoint's model name
   * @param permissionId the permission id
   * @return whether OpenAI reports it deleted
   */
  public boolean revoke(String checkpoint, String permissionId) {
    JsonNode answer = adminTransport.json(ApiRequest.delete(path(checkpoint) + "/"
        + HttpTransport.encode(OpenAiFiles.id(permissionId))).build());
    return answer.path("deleted").asBoolean(false);
  }

  private static String path(String checkpoint) {
    return "fine_tuning/checkpoints/" + HttpTransport.encode(OpenAiFiles.id(checkpoint)) + "/permissions";
  }

  private static CheckpointPermission permission(JsonNode json) {
    return new CheckpointPermission(Wire.text(json, "id").orElse(""), Wire.text(json, "project_id").orElse(""),
        Wire.time(json, "created_at").orElse(Instant.EPOCH), Json.raw(json));
  }
}
