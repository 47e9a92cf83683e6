package dev.finetune4j.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSplitterTest {
  @TempDir Path dir;
  private Path input;

  @BeforeEach
  void writeInput() throws IOException {
    input = dir.resolve("all.jsonl");
    Files.write(input, IntStream.range(0, 10_000)
        .mapToObj(i -> "{\"prompt\":\"p" + i + "\",\"completion\":\"c" + i + "\"}").collect(Collectors.toList()));
  }

  private DatasetSplitter.Result split(long seed, double fraction, String suffix) {
    return DatasetSplitter.builder().seed(seed).validationFraction(fraction).build()
        .split(input, dir.resolve("train" + suffix), dir.resolve("valid" + suffix));
  }

  @Test
  void theSameSeedGivesTheSameSplit() throws IOException {
    split(42, 0.1, "-a");
    split(42, 0.1, "-b");

    assertThat(Files.readAllLines(dir.resolve("train-a"))).isEqualTo(Files.readAllLines(dir.resolve("train-b")));
    assertThat(Files.readAllLines(dir.resolve("valid-a"))).isEqualTo(Files.readAllLines(dir.resolve("valid-b")));
  }

  @Test
  void anotherSeedGivesAnotherSplit() throws IOException {
    split(1, 0.1, "-a");
    split(2, 0.1, "-b");

    assertThat(Files.readAllLines(dir.resolve("valid-a"))).isNotEqualTo(Files.readAllLines(dir.resolve("valid-b")));
  }

  @Test
  void theValidationShareIsCloseToTheFraction() {
    DatasetSplitter.Result result = split(7, 0.2, "");

    assertThat(result.trainingLines() + result.validationLines()).isEqualTo(10_000);
    assertThat(result.validationLines()).isBetween(1_850L, 2_150L);
  }

  @Test
  void everyLineLandsOnExactlyOneSideUnchanged() throws IOException {
    split(3, 0.3, "");

    List<String> train = Files.readAllLines(dir.resolve("train"));
    List<String> valid = Files.readAllLines(dir.resolve("valid"));
    Set<String> all = new HashSet<>(train);
    all.addAll(valid);
    assertThat(all).hasSize(10_000).isEqualTo(new HashSet<>(Files.readAllLines(input)));
  }

  @Test
  void equalExamplesLandOnTheSameSide() throws IOException {
    Files.write(input, List.of("{\"prompt\":\"a\",\"completion\":\"b\"}", "{\"completion\":\"b\", \"prompt\":\"a\"}"));

    for (long seed = 0; seed < 20; seed++) {
      DatasetSplitter.Result result = split(seed, 0.5, "");
      assertThat(result.trainingLines()).isIn(0L, 2L);
    }
  }

  @Test
  void blankLinesAreDropped() throws IOException {
    Files.write(input, List.of("{\"prompt\":\"a\",\"completion\":\"b\"}", "", "{\"prompt\":\"c\",\"completion\":\"d\"}"));

    DatasetSplitter.Result result = split(0, 0.5, "");

    assertThat(result.trainingLines() + result.validationLines()).isEqualTo(2);
  }

  @Test
  void theFractionMustBeStrictlyBetweenZeroAndOne() {
    assertThatThrownBy(() -> DatasetSplitter.builder().validationFraction(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validationFraction must be greater than 0 and less than 1, was 1.0");
    assertThatThrownBy(() -> DatasetSplitter.builder().validationFraction(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatasetSplitter.builder().validationFraction(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
