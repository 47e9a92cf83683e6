package dev.finetune4j.eval;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one candidate's answered requests cost, from its prices per million tokens, in the currency of those prices.
 *
 * @param total the cost of all answered requests
 * @param perThousandAnswers the cost of 1,000 answers at the same mean token use
 */
public record CostSummary(BigDecimal total, BigDecimal perThousandAnswers) {

  /** Checks that no component is null. */
  public CostSummary {
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(perThousandAnswers, "perThousandAnswers");
  }
}
