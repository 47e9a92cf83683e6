package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class CheckpointPermissionsWireTest extends WireTestSupport {
  private static final String CKPT = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd:ckpt-step-100";
  private static final String PATH = "/v1/fine_tuning/checkpoints/"
      + "ft%3Agpt-4o-mini-2024-07-18%3Aorg%3Aweather%3AB7R9VjQd%3Ackpt-step-100/permissions";

  @Test
  void grantListAndRevokeUseTheAdminKey() {
    enqueue("""
        {"object":"list","data":[{"object":"checkpoint.permission","id":"cp_1","created_at":1721764800,
          "project_id":"proj_abc"}],"first_id":"cp_1","last_id":"cp_1","has_more":false}""");
    enqueue("""
        {"object":"list","data":[{"object":"checkpoint.permission","id":"cp_1","created_at":1721764800,
          "project_id":"proj_abc"}],"first_id":"cp_1","last_id":"cp_1","has_more":false}""");
    enqueue("{\"object\":\"checkpoint.permission\",\"id\":\"cp_1\",\"deleted\":true}");
    OpenAi openai = builder().adminKey("sk-admin-secret").build();

    List<CheckpointPermission> granted = openai.checkpointPermissions().grant(CKPT, List.of("proj_abc"));
    List<CheckpointPermission> listed = openai.checkpointPermissions().list(CKPT).toList();
    boolean revoked = openai.checkpointPermissions().revoke(CKPT, "cp_1");

    RecordedRequest grant = take();
    assertCall(grant, "POST", PATH);
    assertJsonBody(grant, "{\"project_ids\":[\"proj_abc\"]}");
    assertThat(grant.getHeaders().get("Authorization")).isEqualTo("Bearer sk-admin-secret");
    assertCall(take(), "GET", PATH + "?limit=100");
    assertCall(take(), "DELETE", PATH + "/cp_1");
    assertThat(granted).singleElement().satisfies(p -> assertThat(p.projectId()).isEqualTo("proj_abc"));
    assertThat(listed).extracting(CheckpointPermission::id).containsExactly("cp_1");
    assertThat(revoked).isTrue();
  }
}
