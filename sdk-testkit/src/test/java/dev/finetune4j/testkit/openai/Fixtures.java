package dev.finetune4j.testkit.openai;

import java.util.List;

/** Training data for the tests: a small "capital cities" domain. */
final class Fixtures {

  static final List<String[]> CAPITALS = List.of(
      new String[] {"France", "Paris"}, new String[] {"Germany", "Berlin"}, new String[] {"Italy", "Rome"},
      new String[] {"Spain", "Madrid"}, new String[] {"Portugal", "Lisbon"}, new String[] {"Austria", "Vienna"},
      new String[] {"Poland", "Warsaw"}, new String[] {"Greece", "Athens"}, new String[] {"Norway", "Oslo"},
      new String[] {"Sweden", "Stockholm"}, new String[] {"Finland", "Helsinki"}, new String[] {"Ireland", "Dublin"},
      new String[] {"Hungary", "Budapest"}, new String[] {"Belgium", "Brussels"}, new String[] {"Denmark",
      "Copenhagen"}, new String[] {"Czechia", "Prague"}, new String[] {"Romania", "Bucharest"},
      new String[] {"Bulgaria", "Sofia"}, new String[] {"Croatia", "Zagreb"}, new String[] {"Estonia", "Tallinn"});

  private Fixtures() {
  }

  static String example(String country, String capital) {
    return "{\"messages\":[{\"role\":\"system\",\"content\":\"Answer in one sentence.\"},"
        + "{\"role\":\"user\",\"content\":\"What is the capital of " + country + "?\"},"
        + "{\"role\":\"assistant\",\"content\":\"The capital of " + country + " is " + capital + ".\"}]}";
  }

  /** The first {@code n} examples as JSONL. */
  static String training(int n) {
    StringBuilder sb = new StringBuilder();
    for (String[] pair : CAPITALS.subList(0, n)) {
      sb.append(example(pair[0], pair[1])).append('\n');
    }
    return sb.toString();
  }
}
