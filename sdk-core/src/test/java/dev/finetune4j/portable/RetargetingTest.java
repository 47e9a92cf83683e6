package dev.finetune4j.portable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finetune4j.Capabilities;
import dev.finetune4j.Capability;
import dev.finetune4j.FineTuningClient;
import dev.finetune4j.Paged;
import dev.finetune4j.dataset.DatasetFile;
import dev.finetune4j.dataset.DatasetFormat;
import dev.finetune4j.dataset.DatasetRules;
import dev.finetune4j.dataset.DatasetUpload;
import dev.finetune4j.dataset.DatasetValidationException;
import dev.finetune4j.dataset.Datasets;
import dev.finetune4j.dataset.ExampleKind;
import dev.finetune4j.dataset.UploadedDataset;
import dev.finetune4j.error.LocalValidationException;
import dev.finetune4j.error.MigrationRefusedException;
import dev.finetune4j.error.UnsupportedCapabilityException;
import dev.finetune4j.job.Hyperparameter;
import dev.finetune4j.job.Hyperparameters;
import dev.finetune4j.job.JobSpec;
import dev.finetune4j.job.Jobs;
import dev.finetune4j.job.TrainingMethod;
import dev.finetune4j.model.ChatModel;
import dev.finetune4j.model.Models;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetargetingTest {
  private static final String PREFERENCE_LINE = "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Soup?\"}]},"
      + "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Leek soup.\"}],"
      + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"No.\"}]}\n";
  private static final String CHAT_LINE = "{\"messages\":[{\"role\":\"user\",\"content\":\"Soup?\"},"
      + "{\"role\":\"assistant\",\"content\":\"Leek soup.\"}]}\n";
  private static final TrainingMethod SFT = TrainingMethod.supervised(Hyperparameters.builder().epochs(3)
      .batchSize(2).learningRateMultiplier(1.8).build());
  private static final ModelMapping MODELS = ModelMapping.builder()
      .map("openai-like", "gpt-4.1-mini-2025-04-14", "gpt-4.1-mini-2025-04-14")
      .map("trl-like", "gpt-4.1-mini-2025-04-14", "Qwen/Qwen2.5-3B-Instruct")
      .build();

  @TempDir
  Path dir;

  @Test
  void anOpenAiFormatTargetTrainsOnTheDataAsItIsWithEachSettingTranslated() throws Exception {
    PortableJob job = PortableJobTest.job(dir, SFT, CHAT_LINE.repeat(3));

    RetargetPlan plan = Retargeting.plan(job, dir, target("openai-like", false, DatasetRules.estimate()), MODELS,
        dir.resolve("work"));

    assertThat(plan.baseModel()).isEqualTo("gpt-4.1-mini-2025-04-14");
    assertThat(plan.training()).isEqualTo(dir.resolve("training.jsonl"));
    assertThat(plan.method()).isEqualTo(SFT);
    assertThat(plan.translations()).extracting(RetargetPlan.Translation::describe)
        .contains("epochs: 3 -> 3 (epochs as epochs)")
        .anySatisfy(l -> assertThat(l).startsWith("learning rate: multiplier 1.8 -> openai-like's default x 1.8"))
        .anySatisfy(l -> assertThat(l).startsWith("batch size: 2 -> 2"));
    assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("1 checkpoint(s)", "cannot be moved"));
    JobSpec spec = plan.jobSpec(new UploadedDataset(new DatasetFile("t-1", "training.jsonl", 1, Instant.EPOCH,
        dev.finetune4j.RawJson.parse("{}")), Optional.empty()));
    assertThat(spec.baseModel()).isEqualTo("gpt-4.1-mini-2025-04-14");
    assertThat(spec.suffix()).contains("recipes");
    assertThat(spec.seed()).hasValue(42);
    assertThat(spec.method()).isEqualTo(SFT);
  }

  @Test
  void theTargetChecksTheJobSpecWithPlaceholderDataBeforeAnythingIsConverted() throws Exception {
    TrainingMethod dpo = TrainingMethod.preference(Hyperparameters.builder().epochs(1).build(), Hyperparameter.of(0.1));
    PortableJob job = PortableJobTest.job(dir, dpo, PREFERENCE_LINE.repeat(2));
    refusal = new LocalValidationException("The job spec breaks trl-like's limits: suffix too long",
        List.of("suffix too long"));

    assertThatThrownBy(() -> Retargeting.plan(job, dir, target("trl-like", true, DatasetRules.estimate()), MODELS,
        dir.resolve("work"))).isSameAs(refusal);

    assertThat(checked).singleElement().satisfies(spec -> {
      assertThat(spec.baseModel()).isEqualTo("Qwen/Qwen2.5-3B-Instruct");
      assertThat(spec.method()).isEqualTo(dpo);
      assertThat(spec.suffix()).contains("recipes");
      assertThat(spec.seed()).hasValue(42);
      assertThat(spec.trainingFile()).isEqualTo("planned-training");
    });
    assertThat(dir.resolve("work")).doesNotExist();
  }

  @Test
  void aTrlTargetGetsOpenAisPreferenceFieldsAsPromptChosenRejected() throws Exception {
    TrainingMethod dpo = TrainingMethod.preference(Hyperparameters.builder().epochs(1).build(), Hyperparameter.of(0.1));
    PortableJob job = PortableJobTest.job(dir, dpo, PREFERENCE_LINE.repeat(2));

    RetargetPlan plan = Retargeting.plan(job, dir, target("trl-like", true, DatasetRules.estimate()), MODELS,
        dir.resolve("work"));

    assertThat(plan.format()).isEqualTo(DatasetFormat.TRL_PREFERENCE);
    assertThat(plan.training()).isEqualTo(dir.resolve("work/training.jsonl"));
    JsonNode line = new ObjectMapper().readTree(Files.readAllLines(plan.training()).get(0));
    assertThat(line.fieldNames()).toIterable().containsExactlyInAnyOrder("prompt", "chosen", "rejected");
    assertThat(line.at("/chosen/0/content").asText()).isEqualTo("Leek soup.");
    assertThat(plan.translations()).extracting(RetargetPlan.Translation::describe)
        .contains("beta: 0.1 -> 0.1 (DPO beta as DPO beta)")
        .anySatisfy(l -> assertThat(l).startsWith("data format: OPENAI_PREFERENCE -> TRL_PREFERENCE"));
    assertThat(plan.datasetUpload().targetModel()).contains("Qwen/Qwen2.5-3B-Instruct");
  }

  @Test
  void aBaseModelWithoutEquivalentIsRefusedUnlessTheCallerMapsOne() throws Exception {
    PortableJob job = PortableJobTest.job(dir, SFT, CHAT_LINE).toBuilder().baseModel("gpt-3.5-turbo-0125").build();
    FineTuningClient target = target("openai-like", false, DatasetRules.estimate());

    assertThatThrownBy(() -> Retargeting.plan(job, dir, target, MODELS, dir.resolve("work")))
        .isInstanceOfSatisfying(MigrationRefusedException.class, e -> {
          assertThat(e.reason()).isEqualTo(MigrationRefusedException.Reason.NO_EQUIVALENT_MODEL);
          assertThat(e.problems()).singleElement().asString().contains("gpt-3.5-turbo-0125", "ModelMapping");
        });
    ModelMapping mapped = MODELS.toBuilder().map("openai-like", "gpt-3.5-turbo-0125", "gpt-4.1-nano-2025-04-14").build();
    assertThat(Retargeting.plan(job, dir, target, mapped, dir.resolve("work")).baseModel())
        .isEqualTo("gpt-4.1-nano-2025-04-14");
  }

  @Test
  void aMethodTheTargetLacksIsRefused() throws Exception {
    PortableJob job = PortableJobTest.job(dir, TrainingMethod.preference(), PREFERENCE_LINE);
    FineTuningClient target = target("openai-like", false, DatasetRules.estimate(), Capability.SUPERVISED_TRAINING);

    assertThatThrownBy(() -> Retargeting.plan(job, dir, target, MODELS, dir.resolve("work")))
        .isInstanceOfSatisfying(UnsupportedCapabilityException.class,
            e -> assertThat(e.capability()).isEqualTo(Capability.PREFERENCE_TRAINING));
  }

  @Test
  void dataTheTargetRejectsIsRefusedWithFileAndLine() throws Exception {
    PortableJob job = PortableJobTest.job(dir, SFT, CHAT_LINE.repeat(3));
    DatasetRules tenAtLeast = DatasetRules.builder().minExamples(10).build();

    assertThatThrownBy(() -> Retargeting.plan(job, dir, target("openai-like", false, tenAtLeast), MODELS,
        dir.resolve("work")))
        .isInstanceOfSatisfying(DatasetValidationException.class,
            e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("training.jsonl")));
  }

  @Test
  void filesThatDifferFromTheDescriptionAreRefusedBeforeAnythingElse() throws Exception {
    PortableJob job = PortableJobTest.job(dir, SFT, CHAT_LINE);
    Files.writeString(dir.resolve("training.jsonl"), CHAT_LINE + CHAT_LINE);

    assertThatThrownBy(() -> Retargeting.plan(job, dir, target("openai-like", false, DatasetRules.estimate()),
        MODELS, dir.resolve("work")))
        .isInstanceOfSatisfying(MigrationRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(MigrationRefusedException.Reason.FILE_MISMATCH));
  }

  private final List<JobSpec> checked = new ArrayList<>();
  private RuntimeException refusal;

  private FineTuningClient target(String name, boolean trl, DatasetRules rules) {
    return target(name, trl, rules, Capability.SUPERVISED_TRAINING, Capability.PREFERENCE_TRAINING);
  }

  private FineTuningClient target(String name, boolean trl, DatasetRules rules, Capability... capabilities) {
    Datasets datasets = new Datasets() {
      @Override
      public DatasetRules rules(String targetModel) {
        return rules;
      }

      @Override
      public DatasetFormat trainingFormat(ExampleKind kind) {
        return trl ? (kind == ExampleKind.PREFERENCE ? DatasetFormat.TRL_PREFERENCE : DatasetFormat.TRL_MESSAGES)
            : Datasets.super.trainingFormat(kind);
      }

      @Override
      public UploadedDataset upload(DatasetUpload upload) {
        throw new AssertionError("planning must not upload");
      }

      @Override
      public DatasetFile retrieve(String fileId) {
        throw new AssertionError("planning must not call the target");
      }

      @Override
      public Paged<DatasetFile> list() {
        throw new AssertionError("planning must not call the target");
      }

      @Override
      public void delete(String fileId) {
        throw new AssertionError("planning must not call the target");
      }

      @Override
      public InputStream download(String fileId) {
        throw new AssertionError("planning must not call the target");
      }
    };
    return new FineTuningClient() {
      @Override
      public String provider() {
        return name;
      }

      @Override
      public Capabilities capabilities() {
        return new Capabilities(name, EnumSet.copyOf(List.of(capabilities)), false);
      }

      @Override
      public Datasets datasets() {
        return datasets;
      }

      @Override
      public Jobs jobs() {
        return (Jobs) Proxy.newProxyInstance(Jobs.class.getClassLoader(), new Class<?>[] {Jobs.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("check")) {
                throw new AssertionError("planning must only check the job, not " + method.getName() + " it");
              }
              checked.add((JobSpec) args[0]);
              if (refusal != null) {
                throw refusal;
              }
              return null;
            });
      }

      @Override
      public Models models() {
        throw new AssertionError("planning must not call the target");
      }

      @Override
      public ChatModel chat(String model) {
        throw new AssertionError("planning must not call the target");
      }

      @Override
      public void close() {}
    };
  }
}
