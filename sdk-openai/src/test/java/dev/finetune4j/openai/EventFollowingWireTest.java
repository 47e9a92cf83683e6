package dev.finetune4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.finetune4j.job.JobEvent;
import dev.finetune4j.job.JobListener;
import dev.finetune4j.job.WaitOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Following a job reads only what is new: a counting server that lists a job's events newest first, as OpenAI does,
 * and gains events between polls.
 */
class EventFollowingWireTest extends WireTestSupport {
  private static final String EVENTS = "GET /v1/fine_tuning/jobs/ftjob-1/events";

  /** The job's events, oldest first; each poll (a retrieve) first adds the next number of new ones. */
  private final List<String> events = new ArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private int[] newPerPoll;
  private int polls;
  private int eventsTransferred;

  private void serve(int... newEventsPerPoll) {
    newPerPoll = newEventsPerPoll;
    server.setDispatcher(new Dispatcher() {
      @Override
      public synchronized MockResponse dispatch(RecordedRequest request) {
        String target = request.getMethod() + " " + request.getUrl().encodedPath()
            + (request.getUrl().encodedQuery() == null ? "" : "?" + request.getUrl().encodedQuery());
        requests.add(target);
        if (request.getUrl().encodedPath().equals("/v1/fine_tuning/jobs/ftjob-1")) {
          for (int i = 0; i < newPerPoll[polls]; i++) {
            events.add("ftevent-" + (events.size() + 1));
          }
          polls++;
          return answer(job("ftjob-1", polls == newPerPoll.length ? "succeeded" : "running"));
        }
        return answer(eventsPage(request));
      }
    });
  }

  /** A page of {@code limit} events, newest first, starting after the {@code after} cursor. */
  private String eventsPage(RecordedRequest request) {
    int limit = Integer.parseInt(request.getUrl().queryParameter("limit"));
    String after = request.getUrl().queryParameter("after");
    int start = events.size() - 1;
    if (after != null) {
      start = events.indexOf(after) - 1;
    }
    StringBuilder data = new StringBuilder();
    int end = Math.max(-1, start - limit);
    for (int i = start; i > end; i--) {
      data.append(data.length() == 0 ? "" : ",").append("""
          {"object":"fine_tuning.job.event","id":"%s","created_at":%d,"level":"info","message":"event %d",
           "type":"message","data":{}}""".formatted(events.get(i), 1721764800 + i, i + 1));
      eventsTransferred++;
    }
    return "{\"object\":\"list\",\"data\":[" + data + "],\"has_more\":" + (end >= 0) + "}";
  }

  private static MockResponse answer(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  private List<String> follow() {
    List<String> heard = new ArrayList<>();
    client().jobs().waitFor("ftjob-1", WaitOptions.builder()
        .pollInterval(Duration.ofSeconds(1), Duration.ofSeconds(1)).sleeper(d -> { })
        .listener(new JobListener() {
          @Override
          public void onEvent(JobEvent event) {
            heard.add(event.id());
          }
        }).build());
    return heard;
  }

  @Test
  void aPollWithNothingNewTransfersOnlyTheLastEventSeenAndAPageThatIsAllNewIsFollowedByOneTwiceAsLarge() {
    serve(3, 0, 1, 0, 2, 0);

    List<String> heard = follow();

    assertThat(heard).containsExactly("ftevent-1", "ftevent-2", "ftevent-3", "ftevent-4", "ftevent-5",
        "ftevent-6");
    assertThat(requests).containsExactly(
        "GET /v1/fine_tuning/jobs/ftjob-1", EVENTS + "?limit=100",
        "GET /v1/fine_tuning/jobs/ftjob-1", EVENTS + "?limit=1",
        "GET /v1/fine_tuning/jobs/ftjob-1", EVENTS + "?limit=1", EVENTS + "?limit=2&after=ftevent-4",
        "GET /v1/fine_tuning/jobs/ftjob-1", EVENTS + "?limit=1",
        "GET /v1/fine_tuning/jobs/ftjob-1", EVENTS + "?limit=1", EVENTS + "?limit=2&after=ftevent-6",
        "GET /v1/fine_tuning/jobs/ftjob-1", EVENTS + "?limit=1");
    // 6 new events; each of the 5 later polls sees again the one event it stops at, and one of them one more
    assertThat(eventsTransferred).isEqualTo(6 + 5 + 1);
  }

  @Test
  void aBurstOfNewEventsIsReadInPagesThatDoubleUpToAHundred() {
    serve(1, 300);

    List<String> heard = follow();

    assertThat(heard).hasSize(301).doesNotHaveDuplicates().startsWith("ftevent-1").endsWith("ftevent-301");
    assertThat(requests).containsExactly(
        "GET /v1/fine_tuning/jobs/ftjob-1", EVENTS + "?limit=100",
        "GET /v1/fine_tuning/jobs/ftjob-1", EVENTS + "?limit=1", EVENTS + "?limit=2&after=ftevent-301",
        EVENTS + "?limit=4&after=ftevent-299", EVENTS + "?limit=8&after=ftevent-295",
        EVENTS + "?limit=16&after=ftevent-287", EVENTS + "?limit=32&after=ftevent-271",
        EVENTS + "?limit=64&after=ftevent-239", EVENTS + "?limit=100&after=ftevent-175",
        EVENTS + "?limit=100&after=ftevent-75");
    // the last page holds the 74 oldest new events, the one seen before, and nothing older
    assertThat(eventsTransferred).isEqualTo(1 + 300 + 1);
  }

  @Test
  void aServerThatSendsTheSamePageAgainEndsTheReadInsteadOfLoopingForever() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        requests.add(request.getUrl().encodedQuery());
        return answer("""
            {"object":"list","has_more":true,"data":[{"object":"fine_tuning.job.event","id":"ftevent-abc123",
             "created_at":1677610602,"level":"info","message":"Created fine-tuning job","data":{},"type":"message"}]}""");
      }
    });

    List<JobEvent> newer = client().jobs().eventsAfter("ftjob-1", "ftevent-never-listed");

    assertThat(requests).containsExactly("limit=1", "limit=2&after=ftevent-abc123");
    assertThat(newer).extracting(JobEvent::id).containsExactly("ftevent-abc123", "ftevent-abc123");
  }
}
