package org.unimo.dsl;

import java.util.ArrayList;
import java.util.List;
import org.unimo.dsl.proto.Cmcl;
import org.unimo.dsl.proto.CmclSamples;
import org.unimo.dsl.proto.Compile;
import org.unimo.dsl.proto.Encoder;
import org.unimo.dsl.proto.ImageInput;
import org.unimo.dsl.proto.MaskedLm;
import org.unimo.dsl.proto.ModelSpecProto;
import org.unimo.dsl.proto.Objectives;
import org.unimo.dsl.proto.Optimizer;
import org.unimo.dsl.proto.TextInput;
import org.unimo.dsl.proto.Tokenizer;
import org.unimo.dsl.proto.Training;

/** Checks a canonical spec and collects every problem, each with its field path. */
final class Validator {

  /** Specials (PAD, CLS, SEP, MASK, IMG, UNK) plus the 256 byte symbols of a byte-level BPE. */
  static final int MIN_BYTE_BPE_VOCAB = 6 + 256;

  /** GPT-2's 50257 ids plus the six specials. */
  static final int GPT2_VOCAB = 50257 + 6;

  /** More samples per kind than this per pair would multiply the step's encoder passes beyond use. */
  static final int MAX_SAMPLES_PER_KIND = 16;

  private final List<Problem> problems = new ArrayList<>();

  private Validator() {}

  static List<Problem> validate(ModelSpecProto spec) {
    Validator v = new Validator();
    v.check(spec);
    return List.copyOf(v.problems);
  }

  private void problem(String path, String message) {
    problems.add(new Problem(path, message));
  }

  private void positive(String path, long value) {
    if (value <= 0) {
      problem(path, value + " must be positive");
    }
  }

  private void nonNegative(String path, double value) {
    if (!(value >= 0)) {
      problem(path, value + " must not be negative");
    }
  }

  private void fraction(String path, double value, boolean allowZero) {
    boolean ok = allowZero ? value >= 0 && value < 1 : value > 0 && value < 1;
    if (!ok) {
      problem(path, value + " must be in " + (allowZero ? "[0, 1)" : "(0, 1)"));
    }
  }

  private void check(ModelSpecProto spec) {
    if (spec.getFormatVersion() != Migration.CURRENT) {
      problem(
          "format_version",
          spec.getFormatVersion()
              + " is not supported (this toolkit reads 1 and "
              + Migration.CURRENT
              + ", and migrates 1 on load)");
    }
    for (String retired : Migration.retiredFields(spec)) {
      problem(
          retired,
          "is a format_version 1 field, retired in version "
              + Migration.CURRENT
              + " (see docs/configs.md); write the current form, or declare format_version: 1 to have it migrated");
    }
    if (!spec.getName().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      problem("name", "'" + spec.getName() + "' must be letters, digits, '.', '_' or '-'");
    }
    Encoder encoder = spec.getEncoder();
    checkText(spec.getText(), encoder);
    if (spec.hasImage()) {
      checkImage(spec.getImage(), encoder);
    }
    checkEncoder(encoder);
    checkObjectives(spec);
    checkOptimizer(spec.getOptimizer());
    checkTraining(spec.getTraining(), spec);
    checkCompile(spec.getCompile());
    if (spec.getData().hasShapesWorld()) {
      var world = spec.getData().getShapesWorld();
      positive("data.shapes_world.train_scenes", world.getTrainScenes());
      positive("data.shapes_world.heldout_scenes", world.getHeldoutScenes());
      nonNegative("data.shapes_world.image_only_scenes", world.getImageOnlyScenes());
      positive("data.shapes_world.captions_per_scene", world.getCaptionsPerScene());
      nonNegative("data.shapes_world.wordnet_glosses", world.getWordnetGlosses());
    }
  }

  private void checkText(TextInput text, Encoder encoder) {
    Tokenizer tokenizer = text.getTokenizer();
    int vocab = tokenizer.getVocabSize();
    switch (tokenizer.getKind()) {
      case BYTE_BPE -> {
        if (vocab < MIN_BYTE_BPE_VOCAB) {
          problem(
              "text.tokenizer.vocab_size",
              vocab + " is below " + MIN_BYTE_BPE_VOCAB + " (6 specials + 256 bytes)");
        }
      }
      case GPT2_R50K -> {
        if (vocab != GPT2_VOCAB) {
          problem("text.tokenizer.vocab_size", vocab + " must be " + GPT2_VOCAB + " for GPT2_R50K");
        }
      }
    }
    int maxLength = text.getMaxLength();
    if (maxLength < 3) {
      problem("text.max_length", maxLength + " leaves no room for a token between [CLS] and [SEP]");
    } else if (maxLength > encoder.getMaxPositions()) {
      problem(
          "text.max_length",
          maxLength + " exceeds encoder.max_positions (" + encoder.getMaxPositions() + ")");
    }
  }

  private void checkImage(ImageInput image, Encoder encoder) {
    positive("image.feature_size", image.getFeatureSize());
    positive("image.box_features", image.getBoxFeatures());
    int regions = image.getMaxRegions();
    positive("image.max_regions", regions);
    if (regions + 1 > encoder.getMaxPositions()) {
      problem(
          "image.max_regions",
          regions + " + [IMG] exceeds encoder.max_positions (" + encoder.getMaxPositions() + ")");
    }
  }

  private void checkEncoder(Encoder e) {
    positive("encoder.layers", e.getLayers());
    positive("encoder.hidden", e.getHidden());
    positive("encoder.heads", e.getHeads());
    if (e.getHidden() > 0 && e.getHeads() > 0 && e.getHidden() % e.getHeads() != 0) {
      problem(
          "encoder.hidden",
          e.getHidden() + " is not divisible by encoder.heads (" + e.getHeads() + ")");
    }
    positive("encoder.ffn", e.getFfn());
    fraction("encoder.dropout", e.getDropout(), true);
    if (!(e.getInitializerRange() > 0)) {
      problem("encoder.initializer_range", e.getInitializerRange() + " must be positive");
    }
    positive("encoder.max_positions", e.getMaxPositions());
  }

  private void checkObjectives(ModelSpecProto spec) {
    Objectives objectives = spec.getObjectives();
    if (!spec.hasObjectives()
        || !(objectives.hasMaskedLm()
            || objectives.hasCmcl()
            || objectives.hasMrfr()
            || objectives.hasMrc()
            || objectives.hasSeq2Seq()
            || objectives.hasPairMlm()
            || objectives.hasCaptionGeneration())) {
      problem(
          "objectives",
          "no objective declared: add masked_lm, seq2seq, cmcl, mrfr, mrc, pair_mlm or caption_generation");
      return;
    }
    if (objectives.hasPairMlm()) {
      nonNegative("objectives.pair_mlm.weight", objectives.getPairMlm().getWeight());
      if (!spec.hasImage()) {
        problem("objectives.pair_mlm", "needs an image input: declare image { ... }");
      }
    }
    if (objectives.hasCaptionGeneration()) {
      nonNegative("objectives.caption_generation.weight", objectives.getCaptionGeneration().getWeight());
      if (!spec.hasImage()) {
        problem("objectives.caption_generation", "needs an image input: declare image { ... }");
      }
    }

    if (objectives.hasSeq2Seq()) {
      nonNegative("objectives.seq2seq.weight", objectives.getSeq2Seq().getWeight());
    }
    if (objectives.hasMrfr()) {
      nonNegative("objectives.mrfr.weight", objectives.getMrfr().getWeight());
      fraction("objectives.mrfr.rate", objectives.getMrfr().getRate(), false);
    }
    if (objectives.hasMrc()) {
      nonNegative("objectives.mrc.weight", objectives.getMrc().getWeight());
      fraction("objectives.mrc.rate", objectives.getMrc().getRate(), false);
      if (objectives.getMrc().getClasses() < 2) {
        problem("objectives.mrc.classes", objectives.getMrc().getClasses() + " must be at least 2");
      }
    }
    if (objectives.hasMrfr()
        && objectives.hasMrc()
        && objectives.getMrfr().getRate() != objectives.getMrc().getRate()) {
      problem(
          "objectives.mrc.rate",
          objectives.getMrc().getRate()
              + " differs from objectives.mrfr.rate ("
              + objectives.getMrfr().getRate()
              + "); both objectives share one region masking");
    }
    if ((objectives.hasMrfr() || objectives.hasMrc()) && !spec.hasImage()) {
      problem(
          objectives.hasMrfr() ? "objectives.mrfr" : "objectives.mrc",
          "needs an image input: declare image { ... }");
    }
    if (spec.getObjectives().hasMaskedLm()) {
      MaskedLm mlm = spec.getObjectives().getMaskedLm();
      nonNegative("objectives.masked_lm.weight", mlm.getWeight());
      fraction("objectives.masked_lm.rate", mlm.getRate(), false);
      fraction("objectives.masked_lm.mask_share", mlm.getMaskShare(), true);
      fraction("objectives.masked_lm.random_share", mlm.getRandomShare(), true);
      if (mlm.getMaskShare() + mlm.getRandomShare() > 1) {
        problem(
            "objectives.masked_lm.random_share",
            mlm.getRandomShare() + " + mask_share (" + mlm.getMaskShare() + ") exceeds 1");
      }
      positive("objectives.masked_lm.max_predictions", mlm.getMaxPredictions());
      int textLength = spec.getText().getMaxLength();
      if (mlm.getMaxPredictions() > textLength) {
        problem(
            "objectives.masked_lm.max_predictions",
            mlm.getMaxPredictions() + " exceeds text.max_length (" + textLength + ")");
      }
    }
    if (spec.getObjectives().hasCmcl()) {
      Cmcl cmcl = spec.getObjectives().getCmcl();
      nonNegative("objectives.cmcl.weight", cmcl.getWeight());
      if (!(cmcl.getTemperature() > 0)) {
        problem("objectives.cmcl.temperature", cmcl.getTemperature() + " must be positive");
      }
      if (!spec.hasImage()) {
        problem("objectives.cmcl", "needs an image input: declare image { ... }");
      }
      if (cmcl.getLearnTemperature() && !(cmcl.getTemperature() >= 0.01f && cmcl.getTemperature() <= 1f)) {
        problem("objectives.cmcl.temperature", cmcl.getTemperature() + " is outside the learned range [0.01, 1]");
      }
      CmclSamples samples = cmcl.getSamples();
      for (var field : samples.getAllFields().entrySet()) {
        int count = (Integer) field.getValue();
        if (count < 0 || count > MAX_SAMPLES_PER_KIND) {
          problem(
              "objectives.cmcl.samples." + field.getKey().getName(),
              count + " is outside 0.." + MAX_SAMPLES_PER_KIND);
        }
      }
    }
  }

  private void checkOptimizer(Optimizer o) {
    if (!(o.getLearningRate() > 0)) {
      problem("optimizer.learning_rate", o.getLearningRate() + " must be positive");
    }
    fraction("optimizer.beta1", o.getBeta1(), true);
    fraction("optimizer.beta2", o.getBeta2(), true);
    if (!(o.getEpsilon() > 0)) {
      problem("optimizer.epsilon", o.getEpsilon() + " must be positive");
    }
    nonNegative("optimizer.warmup_steps", o.getWarmupSteps());
    nonNegative("optimizer.clip_norm", o.getClipNorm());
  }

  private void checkMix(ModelSpecProto spec) {
    if (!spec.getTraining().hasMix()) {
      return;
    }
    var mix = spec.getTraining().getMix();
    Objectives o = spec.getObjectives();
    checkKind("text", mix.getText(), o.hasMaskedLm() || o.hasSeq2Seq(), "masked_lm or seq2seq");
    checkKind("image", mix.getImage(), spec.hasImage() && (o.hasMrfr() || o.hasMrc()), "mrfr or mrc");
    checkKind(
        "pair",
        mix.getPair(),
        spec.hasImage() && (o.hasCmcl() || o.hasPairMlm() || o.hasCaptionGeneration()),
        "cmcl, pair_mlm or caption_generation");
  }

  private void checkKind(String kind, float ratio, boolean hasObjectives, String objectives) {
    String path = "training.mix." + kind;
    if (!(ratio >= 0)) {
      problem(path, ratio + " must not be negative");
    } else if (hasObjectives && ratio == 0) {
      problem(path, "0 leaves " + objectives + " untrained; remove the objective or give " + kind + " a share");
    } else if (!hasObjectives && ratio > 0) {
      problem(path, ratio + " for " + kind + " data, but no " + objectives + " objective trains on it; set it to 0");
    }
  }

  private void checkTraining(Training t, ModelSpecProto spec) {
    checkMix(spec);
    positive("training.batch_size", t.getBatchSize());
    if (spec.getObjectives().hasCmcl() && t.getBatchSize() == 1) {
      problem("training.batch_size", "1 leaves in-batch CMCL without negatives");
    }
    positive("training.steps", t.getSteps());
  }

  /**
   * What is legal but probably not meant: each a {@link Problem} that does not stop the spec from
   * being built. A short smoke run of a config with a long warmup is the common case.
   */
  static List<Problem> warnings(ModelSpecProto spec) {
    List<Problem> warnings = new ArrayList<>();
    int warmup = spec.getOptimizer().getWarmupSteps();
    int steps = spec.getTraining().getSteps();
    if (warmup > steps) {
      warnings.add(
          new Problem(
              "optimizer.warmup_steps",
              warmup
                  + " exceeds training.steps ("
                  + steps
                  + "): the learning rate will not reach its peak ("
                  + spec.getOptimizer().getLearningRate()
                  + "); it ends at "
                  + (float) ((double) spec.getOptimizer().getLearningRate() * steps / warmup)));
    }
    return List.copyOf(warnings);
  }

  private void checkCompile(Compile c) {
    nonNegative("compile.intra_op_threads", c.getIntraOpThreads());
    nonNegative("compile.inter_op_threads", c.getInterOpThreads());
    if (!(c.getInitialLossScale() >= 1) || Float.isInfinite(c.getInitialLossScale())) {
      problem("compile.initial_loss_scale", "must be a finite number >= 1, got " + c.getInitialLossScale());
    }
    if (c.getLossScaleGrowthInterval() < 1) {
      problem("compile.loss_scale_growth_interval", "must be at least 1, got " + c.getLossScaleGrowthInterval());
    }
  }
}
