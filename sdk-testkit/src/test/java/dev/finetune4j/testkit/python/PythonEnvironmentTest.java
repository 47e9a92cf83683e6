package dev.finetune4j.testkit.python;

import dev.finetune4j.testsupport.PythonEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PythonEnvironmentTest {

  @Test
  void theEnvironmentHoldsExactlyThePinnedVersions() throws Exception {
    Map<String, String> pinned = new LinkedHashMap<>();
    for (String line : Files.readAllLines(PythonEnvironment.repositoryRoot().resolve("build/python/requirements.txt"))) {
      String spec = line.replaceAll("#.*", "").trim();
      if (!spec.isEmpty()) {
        String[] parts = spec.split("==");
        pinned.put(parts[0].replaceAll("\\[.*]", ""), parts[1]);
      }
    }
    String script = "import importlib.metadata as m, sys\n"
        + "for name in sys.argv[1:]: print(name + '=' + m.version(name))\n";
    Process process = new ProcessBuilder(concat(List.of(PythonEnvironment.python().toString(), "-c", script),
        List.copyOf(pinned.keySet()))).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(out).isZero();
    pinned.forEach((name, version) -> assertThat(out).contains(name + "=" + version));
  }

  @Test
  void theTrlCommandLineIsInstalled() {
    Path trl = PythonEnvironment.executable("trl");

    assertThat(trl).isExecutable();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
