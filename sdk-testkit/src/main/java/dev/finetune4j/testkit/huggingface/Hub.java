package dev.finetune4j.testkit.huggingface;

import dev.finetune4j.testkit.VirtualClock;
import dev.finetune4j.testkit.internal.Ids;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The emulated Hub: the account, and its parts by responsibility: {@link Repos} (repositories, listings and
 * downloads), {@link Commits} (the commit API) and {@link LfsStorage} (Git LFS objects and uploads). Called under the
 * emulator's lock.
 */
final class Hub {

  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  final LfsStorage lfs;
  final Repos repos;
  final Commits commits;
  private final Settings settings;

  Hub(Settings settings, VirtualClock clock, Supplier<String> base, Ids ids) {
    this.settings = settings;
    this.lfs = new LfsStorage(settings, base, ids);
    this.repos = new Repos(settings, clock, base, lfs);
    this.commits = new Commits(settings, clock, base, repos, lfs);
  }

  static String iso(Instant instant) {
    return ISO.format(instant);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- account

  Reply whoami() {
    List<Object> orgs = new ArrayList<>();
    for (String org : settings.organizations()) {
      orgs.add(Maps.of("type", "org", "name", org, "fullname", org, "id", Hashes.sha1(org).substring(0, 24),
          "roleInOrg", "admin", "isEnterprise", false));
    }
    return Reply.ok(Maps.of(
        "type", "user",
        "id", Hashes.sha1(settings.user()).substring(0, 24),
        "name", settings.user(),
        "fullname", settings.user(),
        "email", settings.user() + "@example.com",
        "emailVerified", true,
        "canPay", true,
        "isPro", true,
        "periodEnd", null,
        "avatarUrl", "/avatars/" + settings.user() + ".svg",
        "orgs", orgs,
        "auth", Maps.of("type", "access_token", "accessToken", Maps.of(
            "displayName", "emulator", "role", "write", "createdAt", iso(VirtualClock.DEFAULT_START)))));
  }
}
