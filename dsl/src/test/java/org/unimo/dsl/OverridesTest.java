package org.unimo.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.DynamicMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unimo.dsl.proto.Cmcl;
import org.unimo.dsl.proto.ModelSpecProto;

class OverridesTest {
  private static final ModelSpec TINY = Presets.tiny().build();

  private static List<String> problems(ModelSpec spec, String... assignments) {
    SpecException e =
        catchThrowableOfType(SpecException.class, () -> spec.withOverrides(List.of(assignments)));
    assertThat(e).as("a SpecException").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void setsScalarsOfEveryKind() {
    ModelSpecProto p =
        TINY.withOverrides(
                List.of(
                    "training.batch_size=16",
                    "text.max_length=32",
                    "objectives.cmcl.temperature=0.1",
                    "encoder.pooling=FIRST_TOKEN",
                    "name=foo",
                    "objectives.masked_lm.whole_word=true",
                    "seed=-7",
                    "optimizer.learning_rate=1e-4"))
            .proto();
    assertThat(p.getTraining().getBatchSize()).isEqualTo(16);
    assertThat(p.getText().getMaxLength()).isEqualTo(32);
    assertThat(p.getObjectives().getCmcl().getTemperature()).isEqualTo(0.1f);
    assertThat(p.getEncoder().getPooling())
        .isEqualTo(org.unimo.dsl.proto.Pooling.FIRST_TOKEN);
    assertThat(p.getName()).isEqualTo("foo");
    assertThat(p.getObjectives().getMaskedLm().getWholeWord()).isTrue();
    assertThat(p.getSeed()).isEqualTo(-7);
    assertThat(p.getOptimizer().getLearningRate()).isEqualTo(1e-4f);
    // Everything else is untouched.
    assertThat(p.getEncoder().toBuilder().setPooling(TINY.proto().getEncoder().getPooling()).build())
        .isEqualTo(TINY.proto().getEncoder());
  }

  @Test
  void aStringMayBeQuotedOrNot() {
    assertThat(TINY.withOverrides(List.of("name=\"a-b\"")).name()).isEqualTo("a-b");
    assertThat(TINY.withOverrides(List.of("name='x_y'")).name()).isEqualTo("x_y");
    assertThat(TINY.withOverrides(List.of("name=1.5")).name()).isEqualTo("1.5");
  }

  @Test
  void noAssignmentsLeaveTheSpecEqual() {
    assertThat(TINY.withOverrides(List.of())).isEqualTo(TINY);
  }

  @Test
  void aSectionOnThePathIsDeclaredIfAbsent() {
    ModelSpec retrieval = Presets.tinyRetrieval().build();
    assertThat(retrieval.proto().getObjectives().hasMrfr()).isFalse();
    ModelSpec withMrfr = retrieval.withOverrides(List.of("objectives.mrfr.rate=0.2"));
    assertThat(withMrfr.proto().getObjectives().hasMrfr()).isTrue();
    assertThat(withMrfr.proto().getObjectives().getMrfr().getRate()).isEqualTo(0.2f);
    assertThat(withMrfr.proto().getObjectives().getMrfr().getWeight())
        .isEqualTo(1.0f); // canonical default
  }

  @Test
  void aLaterAssignmentToTheSameFieldWins() {
    assertThat(TINY.withOverrides(List.of("seed=1", "seed=2")).seed()).isEqualTo(2);
  }

  @Test
  void anUnknownFieldSuggestsTheClosestName() {
    assertThat(problems(TINY, "training.batch_sizee=16"))
        .containsExactly(
            "--set training.batch_sizee: training: no field named \"batch_sizee\"; did you mean"
                + " \"batch_size\"?");
    assertThat(problems(TINY, "trainin.steps=3"))
        .containsExactly(
            "--set trainin.steps: no field named \"trainin\"; did you mean \"training\"?");
  }

  @Test
  void anInvalidEnumValueListsTheValidOnes() {
    assertThat(problems(TINY, "encoder.pooling=AVERAGE"))
        .containsExactly(
            "--set encoder.pooling: \"AVERAGE\" is not one of FIRST_TOKEN, MEAN, PLAIN_MEAN");
    assertThat(problems(TINY, "encoder.pooling=mean"))
        .containsExactly(
            "--set encoder.pooling: \"mean\" is not one of FIRST_TOKEN, MEAN, PLAIN_MEAN; did you mean"
                + " \"MEAN\"?");
  }

  @Test
  void valuesAreReadAsInAFile() {
    assertThat(problems(TINY, "training.batch_size=\"16\""))
        .containsExactly(
            "--set training.batch_size: expected an integer, found the string \"16\" (remove the"
                + " quotes)");
    assertThat(problems(TINY, "encoder.layers=2.5"))
        .containsExactly("--set encoder.layers: expected an integer, found 2.5");
    assertThat(problems(TINY, "encoder.layers=3000000000"))
        .containsExactly(
            "--set encoder.layers: 3000000000 is out of range for int32 (-2147483648 to"
                + " 2147483647)");
    assertThat(problems(TINY, "encoder.layers=2 3"))
        .containsExactly("--set encoder.layers: unexpected 3 after the value");
    assertThat(problems(TINY, "encoder.layers="))
        .containsExactly("--set encoder.layers: expected an integer, found the end of the text");
    assertThat(problems(TINY, "compile.xla=yes"))
        .containsExactly("--set compile.xla: expected true or false, found yes");
  }

  @Test
  void aPathEndingAtASectionOrPassingThroughAValueIsAProblem() {
    assertThat(problems(TINY, "training=3"))
        .containsExactly(
            "--set training: training is a section; set one of its fields, e.g."
                + " training.batch_size=...");
    assertThat(problems(TINY, "name.first=x"))
        .containsExactly("--set name.first: name is a single value, not a section with fields");
    assertThat(problems(TINY, "encoder..layers=2"))
        .containsExactly(
            "--set encoder..layers: expected dotted field names, e.g. training.batch_size");
    assertThat(problems(TINY, "seed"))
        .containsExactly("--set seed: expected PATH=VALUE, e.g. training.batch_size=16");
  }

  @Test
  void aRepeatedFieldCannotBeSet() {
    DynamicMessage.Builder builder = TestSchema.newBuilder();
    assertThat(
            Overrides.applyTo(
                builder, List.of("nums=1", "child.kids=2", "child.child.i32=5", "child.left=l")))
        .extracting(Problem::toString)
        .containsExactly(
            "--set nums: not supported for repeated field nums; edit the file",
            "--set child.kids: not supported for repeated field child.kids; edit the file");
    DynamicMessage child =
        (DynamicMessage) builder.getField(TestSchema.ALL.findFieldByName("child"));
    assertThat(child.toString()).isEqualTo("child {\n  i32: 5\n}\nleft: \"l\"\n");
  }

  @Test
  void everyProblemOfEveryAssignmentIsReportedAtOnce() {
    assertThat(
            problems(TINY, "training.batch_sizee=16", "encoder.layers=x", "seed=1", "training=3"))
        .containsExactly(
            "--set training.batch_sizee: training: no field named \"batch_sizee\"; did you mean"
                + " \"batch_size\"?",
            "--set encoder.layers: expected an integer, found x",
            "--set training: training is a section; set one of its fields, e.g."
                + " training.batch_size=...");
  }

  @Test
  void theResultIsValidatedLikeAFile() {
    assertThat(problems(TINY, "encoder.heads=5", "objectives.cmcl.temperature=-1"))
        .containsExactly(
            "encoder.hidden: 128 is not divisible by encoder.heads (5)",
            "objectives.cmcl.temperature: -1.0 must be positive");
  }

  @Test
  void theOriginalSpecIsUnchanged() {
    ModelSpec changed = TINY.withOverrides(List.of("objectives.cmcl.temperature=0.5"));
    assertThat(changed.proto().getObjectives().getCmcl().getTemperature()).isEqualTo(0.5f);
    assertThat(TINY.proto().getObjectives().getCmcl())
        .isEqualTo(Presets.tiny().build().proto().getObjectives().getCmcl());
    assertThat(changed.fingerprint()).isNotEqualTo(TINY.fingerprint());
    assertThat(Cmcl.getDefaultInstance().getTemperature()).isEqualTo(0.07f);
  }
}
