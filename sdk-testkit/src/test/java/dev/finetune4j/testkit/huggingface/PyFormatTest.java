package dev.finetune4j.testkit.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PyFormatTest {

  @Test
  void fourSignificantDigitsMatchPythonsGeneralFormat() {
    assertThat(PyFormat.g4(1.8423)).isEqualTo("1.842");
    assertThat(PyFormat.g4(0.51271)).isEqualTo("0.5127");
    assertThat(PyFormat.g4(1.96e-05)).isEqualTo("1.96e-05");
    assertThat(PyFormat.g4(1.77)).isEqualTo("1.77");
    assertThat(PyFormat.g4(160000)).isEqualTo("1.6e+05");
    assertThat(PyFormat.g4(0.05)).isEqualTo("0.05");
    assertThat(PyFormat.g4(3.0)).isEqualTo("3");
    assertThat(PyFormat.g4(-133.74)).isEqualTo("-133.7");
    assertThat(PyFormat.g4(1680)).isEqualTo("1680");
  }

  @Test
  void reprMatchesPythonsFloatRepr() {
    assertThat(PyFormat.repr(1.96e-05)).isEqualTo("1.96e-05");
    assertThat(PyFormat.repr(160000)).isEqualTo("160000.0");
    assertThat(PyFormat.repr(0.5127)).isEqualTo("0.5127");
  }
}
