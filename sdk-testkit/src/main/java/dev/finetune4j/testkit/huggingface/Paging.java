package dev.finetune4j.testkit.huggingface;

import dev.finetune4j.testkit.ReceivedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Hub-style pagination: a JSON array per page and {@code Link: <next>; rel="next"} while more remain. */
final class Paging {

  private Paging() {
  }

  static Reply page(ReceivedRequest request, List<?> all, int defaultSize, String url) {
    int size = request.queryParameter("limit").map(Paging::positive).orElse(defaultSize);
    int offset = request.queryParameter("cursor").map(Paging::decode).orElse(0);
    int end = Math.min(all.size(), offset + size);
    List<?> page = offset >= all.size() ? List.of() : all.subList(offset, end);
    Reply reply = Reply.ok(page);
    if (end < all.size()) {
      StringBuilder next = new StringBuilder(url);
      char sep = '?';
      for (Map.Entry<String, List<String>> e : request.query().entrySet()) {
        if (e.getKey().equals("cursor")) {
          continue;
        }
        for (String value : e.getValue()) {
          next.append(sep).append(Hub.encode(e.getKey())).append('=').append(Hub.encode(value));
          sep = '&';
        }
      }
      next.append(sep).append("cursor=").append(Base64.getUrlEncoder().withoutPadding()
          .encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8)));
      reply.header("Link", "<" + next + ">; rel=\"next\"");
    }
    return reply;
  }

  private static int positive(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n < 1) {
        throw HfError.badRequest("\"limit\" must be a positive integer, got " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw HfError.badRequest("\"limit\" must be a positive integer, got " + value);
    }
  }

  private static int decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith("offset:")) {
        throw HfError.badRequest("Invalid cursor");
      }
      return Integer.parseInt(text.substring(7));
    } catch (IllegalArgumentException e) {
      throw HfError.badRequest("Invalid cursor");
    }
  }
}
