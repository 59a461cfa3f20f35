package org.unimo.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The typed views of a spec say what its text says. */
class ViewsTest {
  private static List<String> problems(String text) {
    Throwable thrown = catchThrowable(() -> ModelSpec.parse(text, "x"));
    assertThat(thrown).isInstanceOf(SpecException.class);
    return ((SpecException) thrown).problems().stream().map(Problem::toString).toList();
  }

  @Test
  void theTinyPresetReadsBackThroughItsViews() {
    ModelSpec tiny = Presets.tiny().build();
    assertThat(tiny.text()).isEqualTo(new TextSpec(TokenizerKind.BYTE_BPE, 1000, 24));
    assertThat(tiny.image()).contains(new ImageSpec(64, 5, 5));
    assertThat(tiny.encoder())
        .isEqualTo(
            new EncoderSpec(2, 128, 4, 512, Activation.GELU, 0.1f, 0.02f, 64, Pooling.MEAN, 1e-12f, 0, 0));
    assertThat(tiny.optimizer()).isEqualTo(new OptimizerSpec(1e-3f, 0.9f, 0.999f, 1e-6f, 100, true, 1f));
    assertThat(tiny.training()).isEqualTo(new TrainingSpec(64, 600, Optional.empty(), 1));
    assertThat(tiny.compile()).isEqualTo(new CompileSpec(XlaMode.AUTO, Precision.FP32, 2, 1, 32768f, 2000));
    assertThat(tiny.data().shapesWorld()).contains(new ShapesWorldSpec(4000, 100, 1000, 4, 4000));
    assertThat(tiny.heads()).isEmpty();

    ObjectivesSpec objectives = tiny.objectives();
    assertThat(objectives.maskedLm())
        .contains(new MaskedLmSpec(0.25f, new TokenMasking(0.15f, 0.8f, 0.1f, 5, false)));
    assertThat(objectives.pairMlm())
        .contains(new PairMlmSpec(0.25f, new TokenMasking(0.15f, 0.8f, 0.1f, 5, false)));
    assertThat(objectives.cmcl())
        .contains(new CmclSpec(1f, 0.07f, false, new CmclSamplesSpec(0, 0, 0, 0, 0, 0, 0, 0)));
    assertThat(objectives.cmcl().orElseThrow().samples().none()).isTrue();
    assertThat(objectives.mrc()).contains(new MrcSpec(0.25f, 0.15f, MrcSpec.Target.SOFT, 30));
    assertThat(objectives.seq2seq()).contains(new Seq2SeqSpec(0.25f, Seq2SeqSpec.Attention.SEQ2SEQ));
    assertThat(objectives.declared())
        .extracting(ObjectiveSpec::name)
        .containsExactly("mlm", "cmcl", "mrfr", "mrc", "seq2seq", "pair_mlm", "caption_generation");
    assertThat(objectives.declared())
        .extracting(ObjectiveSpec::path)
        .containsExactly(
            "objectives.masked_lm",
            "objectives.cmcl",
            "objectives.mrfr",
            "objectives.mrc",
            "objectives.seq2seq",
            "objectives.pair_mlm",
            "objectives.caption_generation");
    assertThat(objectives.declared())
        .extracting(ObjectiveSpec::data)
        .containsExactly(
            DataKind.TEXT, DataKind.PAIR, DataKind.IMAGE, DataKind.IMAGE, DataKind.TEXT, DataKind.PAIR, DataKind.PAIR);
    assertThat(objectives.on(DataKind.IMAGE)).extracting(ObjectiveSpec::name).containsExactly("mrfr", "mrc");
  }

  @Test
  void absentSectionsAreEmpty() {
    ModelSpec textOnly = ModelSpec.parse("objectives { masked_lm {} }", "x");
    assertThat(textOnly.image()).isEmpty();
    assertThat(textOnly.objectives().cmcl()).isEmpty();
    assertThat(textOnly.objectives().custom()).isEmpty();
    assertThat(textOnly.training().mix()).isEmpty();
    assertThat(textOnly.data().shapesWorld()).isEmpty();
    assertThat(textOnly.objectives().declared()).hasSize(1);
  }

  @Test
  void aMixReadsByKind() {
    DataMixSpec mix = Presets.tinyRetrieval().training(t -> t.mix(1f, 0f, 3f)).build().training().mix().orElseThrow();
    assertThat(mix.ratio(DataKind.TEXT)).isEqualTo(1f);
    assertThat(mix.ratio(DataKind.IMAGE)).isEqualTo(0f);
    assertThat(mix.ratio(DataKind.PAIR)).isEqualTo(3f);
  }

  @Test
  void cmclSamplesCountPositivesAndNegatives() {
    CmclSamplesSpec samples = new CmclSamplesSpec(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(samples.positiveTexts()).isEqualTo(6);
    assertThat(samples.negativeTexts()).isEqualTo(26);
    assertThat(samples.none()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void activationsRoundTrip(Activation value) {
    assertThat(ProtoEnums.of(ProtoEnums.toProto(value))).isEqualTo(value);
    assertThat(Presets.tiny().encoder(e -> e.activation(value)).build().encoder().activation()).isEqualTo(value);
  }

  @ParameterizedTest
  @EnumSource(Pooling.class)
  void poolingsRoundTrip(Pooling value) {
    assertThat(ProtoEnums.of(ProtoEnums.toProto(value))).isEqualTo(value);
    assertThat(Presets.tiny().encoder(e -> e.pooling(value)).build().encoder().pooling()).isEqualTo(value);
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void precisionsRoundTrip(Precision value) {
    assertThat(ProtoEnums.of(ProtoEnums.toProto(value))).isEqualTo(value);
    assertThat(Presets.tiny().compile(c -> c.precision(value)).build().compile().precision()).isEqualTo(value);
  }

  @ParameterizedTest
  @EnumSource(XlaMode.class)
  void xlaModesRoundTrip(XlaMode value) {
    assertThat(ProtoEnums.of(ProtoEnums.toProto(value))).isEqualTo(value);
    assertThat(Presets.tiny().compile(c -> c.xla(value)).build().compile().xlaMode()).isEqualTo(value);
  }

  @ParameterizedTest
  @EnumSource(TokenizerKind.class)
  void tokenizerKindsRoundTrip(TokenizerKind value) {
    assertThat(ProtoEnums.of(ProtoEnums.toProto(value))).isEqualTo(value);
  }

  @ParameterizedTest
  @EnumSource(DataKind.class)
  void dataKindsRoundTrip(DataKind value) {
    assertThat(ProtoEnums.of(ProtoEnums.toProto(value))).isEqualTo(value);
    assertThat(value.id()).isEqualTo(value.name().toLowerCase(java.util.Locale.ROOT));
  }

  @ParameterizedTest
  @EnumSource(Seq2SeqSpec.Attention.class)
  void attentionsRoundTrip(Seq2SeqSpec.Attention value) {
    assertThat(ProtoEnums.of(ProtoEnums.toProto(value))).isEqualTo(value);
    assertThat(Presets.tiny().seq2seq(s -> s.attention(value)).build().objectives().seq2seq().orElseThrow().attention())
        .isEqualTo(value);
  }

  @ParameterizedTest
  @EnumSource(MrcSpec.Target.class)
  void targetsRoundTrip(MrcSpec.Target value) {
    assertThat(ProtoEnums.of(ProtoEnums.toProto(value))).isEqualTo(value);
    assertThat(Presets.tiny().mrc(m -> m.target(value)).build().objectives().mrc().orElseThrow().target())
        .isEqualTo(value);
  }

  private static final String CUSTOM_AND_HEAD =
      """
      objectives {
        masked_lm {}
        custom {
          name: "word_order"
          weight: 0.5
          params { key: "swap_rate" value: 0.1 }
          params { key: "max_span" value: 3 }
        }
      }
      heads {
        name: "shapes"
        sequence_classification { classes: 4 labels: "shape_count" }
      }
      """;

  @Test
  void aCustomObjectiveAndAHeadParseValidatePrintAndFingerprint() {
    ModelSpec spec = ModelSpec.parse(CUSTOM_AND_HEAD, "x");
    CustomObjectiveSpec custom = spec.objectives().custom().get(0);
    assertThat(custom)
        .isEqualTo(
            new CustomObjectiveSpec("word_order", 0.5f, DataKind.TEXT, Map.of("swap_rate", 0.1, "max_span", 3.0)));
    assertThat(custom.params().keySet()).containsExactly("max_span", "swap_rate");
    assertThat(custom.path()).isEqualTo("objectives.custom[word_order]");
    assertThat(spec.objectives().declared()).extracting(ObjectiveSpec::name).containsExactly("mlm", "word_order");
    assertThat(spec.heads())
        .containsExactly(new SequenceClassificationSpec("shapes", 1f, 4, "shape_count", 0.1f));
    assertThat(spec.heads().get(0).path()).isEqualTo("heads[shapes]");

    // The full form spells out the defaults of repeated sections; the minimal form leaves them out.
    String printed = spec.toTextProto();
    assertThat(printed).contains("data: TEXT", "dropout: 0.1", "weight: 1.0");
    assertThat(printed.indexOf("max_span")).isLessThan(printed.indexOf("swap_rate"));
    String minimal = Canonical.print(Canonical.minimal(spec.proto()));
    assertThat(minimal).doesNotContain("data: TEXT", "dropout");
    ModelSpec reread = ModelSpec.parse(printed, "printed");
    assertThat(reread).isEqualTo(spec);
    assertThat(reread.fingerprint()).isEqualTo(spec.fingerprint());

    // Spelling a head's default out does not change the fingerprint.
    ModelSpec spelled =
        ModelSpec.parse(CUSTOM_AND_HEAD.replace("classes: 4", "classes: 4 dropout: 0.1"), "x");
    assertThat(spelled.fingerprint()).isEqualTo(spec.fingerprint());
  }

  @Test
  void paramsAddedInAnyOrderPrintAndFingerprintTheSame() {
    ModelSpec ab =
        Presets.tinyRetrieval().custom("word_order", c -> c.param("a", 1).param("b", 2)).build();
    ModelSpec ba =
        Presets.tinyRetrieval().custom("word_order", c -> c.param("b", 2).param("a", 1)).build();
    assertThat(ab.toTextProto()).isEqualTo(ba.toTextProto());
    assertThat(ab.fingerprint()).isEqualTo(ba.fingerprint());
    assertThat(ab).isEqualTo(ba);
  }

  @Test
  void theDslDeclaresCustomObjectivesAndHeads() {
    ModelSpec spec =
        Presets.tinyRetrieval()
            .custom("region_order", c -> c.weight(0.5f).data(DataKind.IMAGE).param("rate", 0.2))
            .custom("region_order", c -> c.param("span", 2))
            .sequenceClassification("shapes", h -> h.classes(4).labels("shape_count").dropout(0.2f).weight(2f))
            .pairMlm(p -> p.rate(0.2f).maskShare(0.7f).randomShare(0.2f).maxPredictions(4).wholeWord(true))
            .build();
    assertThat(spec.objectives().custom())
        .containsExactly(
            new CustomObjectiveSpec("region_order", 0.5f, DataKind.IMAGE, Map.of("rate", 0.2, "span", 2.0)));
    assertThat(spec.heads()).containsExactly(new SequenceClassificationSpec("shapes", 2f, 4, "shape_count", 0.2f));
    assertThat(spec.objectives().pairMlm().orElseThrow().masking())
        .isEqualTo(new TokenMasking(0.2f, 0.7f, 0.2f, 4, true));
  }

  @Test
  void customObjectivesAndHeadsAreChecked() {
    assertThat(
            problems(
                """
                objectives {
                  masked_lm {}
                  custom { name: "Bad" }
                  custom { name: "mlm" }
                  custom { name: "twice" weight: -1 data: PAIR }
                  custom { name: "twice" }
                }
                heads { name: "twice" sequence_classification { classes: 1 labels: "" dropout: 1 } }
                heads { name: "bare" }
                """))
        .containsExactly(
            "objectives.custom[Bad].name: 'Bad' must be lower-case letters, digits and '_', starting with a letter",
            "objectives.custom[mlm].name: 'mlm' is already taken: it is a built-in or another custom objective's name",
            "objectives.custom[twice].name: 'twice' is already taken: it is a built-in or another custom objective's name",
            "heads[twice].name: 'twice' is already taken: it is an objective's or another head's name",
            "heads[bare]: declares no kind: add sequence_classification, sequence_regression, image_text_classification, vqa,"
                + " retrieval, captioning or text_to_text { ... }",
            "objectives.custom[twice].weight: -1.0 must not be negative",
            "objectives.custom[twice]: needs an image input: declare image { ... }",
            "heads[twice].sequence_classification.classes: 1 must be at least 2",
            "heads[twice].sequence_classification.labels: is empty: name the data's label set the head trains on, e.g. \"shape_count\"",
            "heads[twice].sequence_classification.dropout: 1.0 must be in [0, 1)");
  }

  @Test
  void aHeadAloneIsEnough() {
    ModelSpec spec = ModelSpec.parse("heads { name: \"h\" sequence_classification { labels: \"l\" } }", "x");
    assertThat(spec.objectives().declared()).isEmpty();
    assertThat(spec.heads()).hasSize(1);
    assertThat(problems("name: \"x\"")).containsExactly(
        "objectives: no objective or head declared: add masked_lm, seq2seq, cmcl, mrfr, mrc, pair_mlm,"
            + " caption_generation or a custom objective, or a head");
  }

  @Test
  void eachObjectiveReportsProblemsUnderItsOwnPath() {
    ModelSpec base = Presets.tiny().build();
    List<String> found =
        problems(
            base.toTextProto()
                .replace("max_predictions: 5", "max_predictions: 50")
                .replace("classes: 30", "classes: 1")
                .replace("temperature: 0.07", "temperature: 0.0")
                .replace("weight: 0.25", "weight: -0.25"));
    assertThat(found)
        .contains(
            "objectives.masked_lm.max_predictions: 50 exceeds text.max_length (24)",
            "objectives.pair_mlm.max_predictions: 50 exceeds text.max_length (24)",
            "objectives.mrc.classes: 1 must be at least 2",
            "objectives.cmcl.temperature: 0.0 must be positive",
            "objectives.masked_lm.weight: -0.25 must not be negative",
            "objectives.caption_generation.weight: -0.25 must not be negative");
    assertThat(problems(base.toTextProto().replace("rate: 0.15\n    target", "rate: 0.2\n    target")))
        .containsExactly(
            "objectives.mrc.rate: 0.2 differs from objectives.mrfr.rate (0.15); both objectives share one region masking");
  }

  @Test
  void theCmclBatchRuleStillHolds() {
    assertThat(catchThrowable(() -> Presets.tiny().training(t -> t.batchSize(1)).build()))
        .hasMessageContaining("training.batch_size: 1 leaves in-batch CMCL without negatives");
  }

  @Test
  void generationHeadsCheckTheirDecodingSettings() {
    String spec =
        Presets.tiny().build().toTextProto()
            + """
            heads { name: "caption" captioning { labels: "" decoding { beam_size: 0 max_length: 30 no_repeat_ngram_size: -1 } } }
            heads { name: "t2t" text_to_text { labels: "x" decoding { min_length: 5 max_length: 3 length_penalty: -1 } } }
            """;
    assertThat(problems(spec))
        .contains(
            "heads[caption].captioning.labels: is empty: name the data's label set of captioned images, e.g. \"coco\"",
            "heads[caption].captioning.decoding.beam_size: 0 must be at least 1 (1 decodes greedily)",
            "heads[caption].captioning.decoding.max_length: 30 does not fit text.max_length 24 with [CLS] and [SEP]",
            "heads[caption].captioning.decoding.no_repeat_ngram_size: -1 must not be negative (0: off)",
            "heads[t2t].text_to_text.decoding.length_penalty: -1.0 must not be negative",
            "heads[t2t].text_to_text.decoding.min_length: 5 exceeds max_length 3");
    ModelSpec built =
        Presets.tiny()
            .captioning("caption", h -> h.labels("coco").decoding(d -> d.beamSize(3).lengthPenalty(0.6f).maxLength(20)))
            .build();
    assertThat(built.heads()).singleElement().isInstanceOfSatisfying(
        CaptioningSpec.class, h -> assertThat(h.decoding()).isEqualTo(new DecodingSpec(3, 0.6f, 0, 20, 0)));
  }
}
