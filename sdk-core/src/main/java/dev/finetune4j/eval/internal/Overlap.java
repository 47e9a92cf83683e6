package dev.finetune4j.eval.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Token overlap measures: SQuAD's F1 and ROUGE-L. */
public final class Overlap {
  private Overlap() {}

  /**
   * Returns the F1 of the bags of tokens, as the SQuAD evaluation computes it: precision and recall of the tokens
   * the two share (counted with multiplicity); 1 when both are empty, 0 when only one is.
   *
   * @param answer the answer's tokens
   * @param reference the reference's tokens
   * @return the F1 in [0, 1]
   */
  public static double f1(List<String> answer, List<String> reference) {
    if (answer.isEmpty() || reference.isEmpty()) {
      return answer.isEmpty() && reference.isEmpty() ? 1 : 0;
    }
    Map<String, Integer> counts = new HashMap<>();
    reference.forEach(t -> counts.merge(t, 1, Integer::sum));
    int common = 0;
    for (String t : answer) {
      Integer left = counts.get(t);
      if (left != null && left > 0) {
        common++;
        counts.put(t, left - 1);
      }
    }
    if (common == 0) {
      return 0;
    }
    double precision = (double) common / answer.size();
    double recall = (double) common / reference.size();
    return 2 * precision * recall / (precision + recall);
  }

  /**
   * Returns the length of the longest common subsequence of two token lists.
   *
   * @param a one list
   * @param b the other
   * @return the length
   */
  public static int lcs(List<String> a, List<String> b) {
    int[] previous = new int[b.size() + 1];
    int[] current = new int[b.size() + 1];
    for (int i = 1; i <= a.size(); i++) {
      for (int j = 1; j <= b.size(); j++) {
        current[j] = a.get(i - 1).equals(b.get(j - 1))
            ? previous[j - 1] + 1
            : Math.max(previous[j], current[j - 1]);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.size()];
  }

  /**
   * Returns ROUGE-L: the F-measure (beta 1) of the longest common subsequence's precision (over the answer) and
   * recall (over the reference); 1 when both are empty, 0 when only one is.
   *
   * @param answer the answer's tokens
   * @param reference the reference's tokens
   * @return the score in [0, 1]
   */
  public static double rougeL(List<String> answer, List<String> reference) {
    if (answer.isEmpty() || reference.isEmpty()) {
      return answer.isEmpty() && reference.isEmpty() ? 1 : 0;
    }
    int lcs = lcs(answer, reference);
    if (lcs == 0) {
      return 0;
    }
    double precision = (double) lcs / answer.size();
    double recall = (double) lcs / reference.size();
    return 2 * precision * recall / (precision + recall);
  }
}
