package dev.finetune4j.portable.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.portable.PortableJob;
import dev.finetune4j.spi.http.Json;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Not API. Writes and reads {@link PortableJob}'s JSON; the version check is {@link PortableJob#fromJson}'s. */
public final class PortableJson {
  private PortableJson() {}

  /**
   * Parses JSON text.
   *
   * @param json the text
   * @return the tree
   * @throws JsonProcessingException if it is not JSON
   */
  public static JsonNode parse(String json) throws JsonProcessingException {
    return Json.reader().readTree(json);
  }

  /**
   * Writes a description.
   *
   * @param job the description
   * @return indented JSON
   */
  public static String write(PortableJob job) {
    ObjectNode o = Json.object();
    o.put("schemaVersion", PortableJob.SCHEMA_VERSION);
    ObjectNode source = o.putObject("source");
    source.put("provider", job.source().provider());
    source.put("jobId", job.source().jobId());
    job.source().fineTunedModel().ifPresent(m -> source.put("fineTunedModel", m));
    source.put("status", job.source().status());
    job.source().trainedTokens().ifPresent(t -> source.put("trainedTokens", t));
    o.put("baseModel", job.baseModel());
    o.set("method", method(job.method()));
    job.suffix().ifPresent(s -> o.put("suffix", s));
    job.seed().ifPresent(s -> o.put("seed", s));
    ArrayNode files = o.putArray("files");
    for (PortableJob.PortableFile f : job.files()) {
      files.addObject().put("role", f.role()).put("path", f.path()).put("sourceId", f.sourceId())
          .put("bytes", f.bytes()).put("sha256", f.sha256());
    }
    o.set("finalMetrics", metrics(job.finalMetrics()));
    ArrayNode checkpoints = o.putArray("checkpoints");
    for (PortableJob.PortableCheckpoint c : job.checkpoints()) {
      ObjectNode cp = checkpoints.addObject().put("model", c.model()).put("step", c.step());
      cp.set("metrics", metrics(c.metrics()));
    }
    try {
      return Json.writer().withDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /**
   * Reads a description whose version has been checked.
   *
   * @param o the object
   * @return the description
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static PortableJob read(ObjectNode o) {
    JsonNode s = required(o, "source");
    PortableJob.Builder b = PortableJob.builder()
        .source(new PortableJob.Source(text(s, "source.provider"), text(s, "source.jobId"),
            optionalText(s, "fineTunedModel"), text(s, "source.status"),
            s.path("trainedTokens").isIntegralNumber() ? OptionalLong.of(s.path("trainedTokens").asLong())
                : OptionalLong.empty()))
        .baseModel(text(o, "baseModel"))
        .method(method(required(o, "method")));
    optionalText(o, "suffix").ifPresent(b::suffix);
    if (o.hasNonNull("seed")) {
      b.seed(whole(o, "seed"));
    }
    JsonNode files = required(o, "files");
    for (int i = 0; i < files.size(); i++) {
      JsonNode f = files.get(i);
      String at = "files[" + i + "].";
      b.file(new PortableJob.PortableFile(text(f, at + "role"), text(f, at + "path"), text(f, at + "sourceId"),
          whole(f, at + "bytes"), text(f, at + "sha256")));
    }
    readMetrics(o.path("finalMetrics"), "finalMetrics").forEach(b::finalMetric);
    JsonNode checkpoints = o.path("checkpoints");
    for (int i = 0; i < checkpoints.size(); i++) {
      JsonNode c = checkpoints.get(i);
      String at = "checkpoints[" + i + "].";
      b.checkpoint(new PortableJob.PortableCheckpoint(text(c, at + "model"), whole(c, at + "step"),
          readMetrics(c.path("metrics"), at + "metrics")));
    }
    return b.build();
  }

  /**
   * Writes a method as descriptions hold it: {@code type}, {@code hyperparameters} with numbers or {@code "auto"}
   * under neutral names, and a reinforcement method's {@code grader}.
   *
   * @param method the method
   * @return the object
   */
  public static ObjectNode method(TrainingMethod method) {
    ObjectNode m = Json.object();
    Hyperparameters h = method.hyperparameters();
    ObjectNode hp = Json.object();
    put(hp, "epochs", h.epochs());
    put(hp, "batchSize", h.batchSize());
    put(hp, "learningRateMultiplier", h.learningRateMultiplier());
    if (method instanceof TrainingMethod.Supervised) {
      m.put("type", "supervised");
      m.set("hyperparameters", hp);
    } else if (method instanceof TrainingMethod.Preference p) {
      m.put("type", "preference");
      put(hp, "beta", p.beta());
      m.set("hyperparameters", hp);
    } else {
      TrainingMethod.Reinforcement r = (TrainingMethod.Reinforcement) method;
      m.put("type", "reinforcement");
      put(hp, "computeMultiplier", r.computeMultiplier());
      put(hp, "evalInterval", r.evalInterval());
      put(hp, "evalSamples", r.evalSamples());
      r.reasoningEffort().ifPresent(e -> hp.put("reasoningEffort", e));
      m.set("hyperparameters", hp);
      m.set("grader", Json.tree(r.grader()));
    }
    return m;
  }

  private static TrainingMethod method(JsonNode m) {
    JsonNode hp = m.path("hyperparameters");
    Hyperparameters h = Hyperparameters.builder()
        .epochs(hyperparameter(hp, "epochs"))
        .batchSize(hyperparameter(hp, "batchSize"))
        .learningRateMultiplier(hyperparameter(hp, "learningRateMultiplier"))
        .build();
    String type = text(m, "method.type");
    return switch (type) {
      case "supervised" -> TrainingMethod.supervised(h);
      case "preference" -> TrainingMethod.preference(h, hyperparameter(hp, "beta"));
      case "reinforcement" -> {
        TrainingMethod.Reinforcement.Builder r = TrainingMethod.reinforcement(Json.raw(required(m, "grader")))
            .hyperparameters(h)
            .computeMultiplier(hyperparameter(hp, "computeMultiplier"))
            .evalInterval(hyperparameter(hp, "evalInterval"))
            .evalSamples(hyperparameter(hp, "evalSamples"));
        optionalText(hp, "reasoningEffort").ifPresent(r::reasoningEffort);
        yield r.build();
      }
      default -> throw new IllegalArgumentException("field method.type: expected supervised, preference or"
          + " reinforcement, was \"" + type + "\"");
    };
  }

  private static void put(ObjectNode o, String field, Hyperparameter h) {
    if (h.isAuto()) {
      o.put(field, "auto");
    } else if (h.isWholeNumber()) {
      o.put(field, h.value().orElseThrow().longValue());
    } else {
      o.put(field, h.value().orElseThrow().doubleValue());
    }
  }

  private static Hyperparameter hyperparameter(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull() || "auto".equals(v.asText(null))) {
      return Hyperparameter.AUTO;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException("field method.hyperparameters." + field + ": expected a number or \"auto\","
          + " was " + v);
    }
    return v.isIntegralNumber() ? Hyperparameter.of(v.asLong()) : Hyperparameter.of(v.asDouble());
  }

  private static ObjectNode metrics(Map<String, Double> metrics) {
    ObjectNode o = Json.object();
    new java.util.TreeMap<>(metrics).forEach(o::put);
    return o;
  }

  private static Map<String, Double> readMetrics(JsonNode node, String at) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("field " + at + ": expected an object of numbers, was " + node);
    }
    node.fields().forEachRemaining(e -> {
      if (!e.getValue().isNumber()) {
        throw new IllegalArgumentException("field " + at + "." + e.getKey() + ": expected a number, was "
            + e.getValue());
      }
      out.put(e.getKey(), e.getValue().asDouble());
    });
    return out;
  }

  private static JsonNode required(JsonNode o, String field) {
    JsonNode v = o.path(field);
    if (v.isMissingNode() || v.isNull()) {
      throw new IllegalArgumentException("field " + field + " is required");
    }
    return v;
  }

  private static String text(JsonNode o, String path) {
    String field = path.substring(path.lastIndexOf('.') + 1);
    JsonNode v = o.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("field " + path + ": expected a non-blank string, was "
          + (v.isMissingNode() ? "missing" : v.toString()));
    }
    return v.asText();
  }

  private static Optional<String> optionalText(JsonNode o, String field) {
    JsonNode v = o.path(field);
    return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
  }

  private static long whole(JsonNode o, String path) {
    JsonNode v = o.path(path.substring(path.lastIndexOf('.') + 1));
    if (!v.isIntegralNumber()) {
      throw new IllegalArgumentException("field " + path + ": expected a whole number, was "
          + (v.isMissingNode() ? "missing" : v.toString()));
    }
    return v.asLong();
  }
}
