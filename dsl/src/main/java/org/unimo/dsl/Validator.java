package org.unimo.dsl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.unimo.dsl.proto.Compile;
import org.unimo.dsl.proto.CustomObjective;
import org.unimo.dsl.proto.DataFiles;
import org.unimo.dsl.proto.TaskData;
import org.unimo.dsl.proto.Encoder;
import org.unimo.dsl.proto.Head;
import org.unimo.dsl.proto.ImageInput;
import org.unimo.dsl.proto.ModelSpecProto;
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

  /** A WordPiece vocabulary holds at least BERT's five special tokens. */
  static final int MIN_WORDPIECE_VOCAB = 5;

  private final SpecChecks checks = new SpecChecks();
  /** False for an encoder-only spec ({@link ModelSpec#encoderOnly}), which declares no objective. */
  private final boolean trains;

  private Validator(boolean trains) {
    this.trains = trains;
  }

  static List<Problem> validate(ModelSpecProto spec) {
    Validator v = new Validator(true);
    v.check(spec, Views.of(spec));
    return v.checks.problems();
  }

  /**
   * The rules of an encoder-only spec: every section's own rules, and no objective, head or data (it
   * is compiled for inference, or its sections are copied into a full spec).
   */
  static List<Problem> validateEncoderOnly(ModelSpecProto spec) {
    Validator v = new Validator(false);
    boolean objectives =
        spec.hasObjectives() && !spec.getObjectives().equals(spec.getObjectives().getDefaultInstanceForType());
    if (objectives || spec.getHeadsCount() > 0 || spec.hasData()) {
      v.problem(
          objectives ? "objectives" : spec.getHeadsCount() > 0 ? "heads" : "data",
          "an encoder-only spec (an import's) declares no objectives, heads or data; declare them in the model's full spec");
    }
    v.check(spec, Views.of(spec));
    return v.checks.problems();
  }

  private void problem(String path, String message) {
    checks.problem(path, message);
  }

  private void positive(String path, long value) {
    checks.positive(path, value);
  }

  private void nonNegative(String path, double value) {
    checks.nonNegative(path, value);
  }

  private void fraction(String path, double value, boolean allowZero) {
    if (allowZero) {
      checks.fractionOrZero(path, value);
    } else {
      checks.fraction(path, value);
    }
  }

  private void check(ModelSpecProto spec, Views views) {
    if (spec.getFormatVersion() != Migration.CURRENT) {
      problem(
          "format_version",
          spec.getFormatVersion()
              + " is not supported (this toolkit reads 1, 2 and "
              + Migration.CURRENT
              + ", and migrates 1 and 2 on load)");
    }
    for (String retired : Migration.retiredFields(spec)) {
      problem(
          retired,
          "is a format_version 1 field, retired in version 2 (see docs/configs.md); write the current form, or declare format_version: 1 to have it migrated");
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
    if (trains) {
      checkObjectives(spec, views);
    }
    checkOptimizer(spec.getOptimizer());
    checkTraining(spec.getTraining(), views);
    checkCompile(spec.getCompile());
    if (spec.getData().hasShapesWorld()) {
      var world = spec.getData().getShapesWorld();
      positive("data.shapes_world.train_scenes", world.getTrainScenes());
      positive("data.shapes_world.heldout_scenes", world.getHeldoutScenes());
      nonNegative("data.shapes_world.image_only_scenes", world.getImageOnlyScenes());
      positive("data.shapes_world.captions_per_scene", world.getCaptionsPerScene());
      nonNegative("data.shapes_world.wordnet_glosses", world.getWordnetGlosses());
    }
    if (spec.getData().hasPrepared() && spec.getData().getPrepared().isBlank()) {
      problem("data.prepared", "names no directory; give the directory `unimo prepare` wrote");
    }
    if (spec.getData().hasFiles()) {
      checkDataFiles(spec.getData().getFiles());
    }
    if (spec.getData().hasTask()) {
      checkTaskData(spec.getData().getTask());
    }
  }

  /** A task needs a name, a format and training files; a task with images needs their features. */
  private void checkTaskData(TaskData task) {
    if (task.getName().isBlank()) {
      problem("data.task.name", "is empty: name the label set, which a head names in its labels");
    }
    if (task.getFormat() == TaskData.Format.FORMAT_UNSPECIFIED) {
      problem(
          "data.task.format",
          "is not set: GLUE_SST2, GLUE_COLA, GLUE_MNLI, GLUE_STSB, SPAM_ASSASSIN, VQA_V2, SNLI_VE or KARPATHY");
      return;
    }
    if (task.getTrainCount() == 0) {
      problem("data.task.train", "is empty: give the training files (for SPAM_ASSASSIN the installed directory)");
    }
    TaskData.Format format = task.getFormat();
    if (format == TaskData.Format.SPAM_ASSASSIN && task.getTrainCount() > 1) {
      problem("data.task.train", "names " + task.getTrainCount() + " directories; SPAM_ASSASSIN reads one");
    }
    if ((format == TaskData.Format.SPAM_ASSASSIN || format == TaskData.Format.KARPATHY) && task.getValidationCount() > 0) {
      problem(
          "data.task.validation",
          "is set, but " + format + (format == TaskData.Format.KARPATHY
              ? " takes its validation images from the split file's \"val\" split"
              : " splits its one directory by the spec's seed"));
    }
    if (format == TaskData.Format.KARPATHY && task.getTrainCount() > 1) {
      problem("data.task.train", "names " + task.getTrainCount() + " files; KARPATHY reads one split file");
    }
    if (format == TaskData.Format.VQA_V2) {
      if (task.getTrainCount() > 0 && task.getTrainCount() != 2) {
        problem("data.task.train", "names " + task.getTrainCount() + " files; VQA_V2 takes two: the questions JSON, then the annotations JSON");
      }
      if (task.getValidationCount() != 0 && task.getValidationCount() != 2) {
        problem(
            "data.task.validation",
            "names " + task.getValidationCount() + " files; VQA_V2 takes two: the questions JSON, then the annotations JSON");
      }
    }
    TaskDataSpec.Format view = TaskDataSpec.Format.valueOf(format.name());
    if (view.images() && task.getFeaturesCount() == 0) {
      problem("data.task.features", "is empty: " + format + " needs the region features of its images (bottom-up TSV)");
    }
    if (!view.images() && task.getFeaturesCount() > 0) {
      problem("data.task.features", "is set, but " + format + " has no images");
    }
    for (int i = 0; i < task.getFeaturesCount(); i++) {
      if (task.getFeatures(i).isBlank()) {
        problem("data.task.features[" + i + "]", "is blank; give a path or a glob");
      }
    }
    if (task.getMinAnswerCount() < 1) {
      problem("data.task.min_answer_count", task.getMinAnswerCount() + " must be at least 1");
    }
  }

  /** Files need captions with features, or images, or text; entries are non-blank paths. */
  private void checkDataFiles(DataFiles files) {
    List<String> fields = List.of("pairs", "features", "images", "text", "heldout");
    List<List<String>> lists =
        List.of(files.getPairsList(), files.getFeaturesList(), files.getImagesList(), files.getTextList(), files.getHeldoutList());
    for (int f = 0; f < fields.size(); f++) {
      for (int i = 0; i < lists.get(f).size(); i++) {
        if (lists.get(f).get(i).isBlank()) {
          problem("data.files." + fields.get(f) + "[" + i + "]", "is blank; give a path or a glob");
        }
      }
    }
    if (files.getPairsCount() + files.getImagesCount() + files.getTextCount() == 0) {
      problem("data.files", "names no data: give pairs (with features), images or text");
    }
    if ((files.getPairsCount() > 0 || files.getHeldoutCount() > 0) && files.getFeaturesCount() == 0) {
      problem("data.files.features", "is empty, but captions (pairs or heldout) need their images' region features");
    }
    if (files.getFeaturesCount() > 0 && files.getPairsCount() + files.getHeldoutCount() == 0) {
      problem("data.files.features", "has nothing to join: features are the captioned images'; images without text go in data.files.images");
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
      case WORDPIECE -> {
        if (vocab < MIN_WORDPIECE_VOCAB) {
          problem(
              "text.tokenizer.vocab_size",
              vocab + " is below " + MIN_WORDPIECE_VOCAB + " ([PAD], [UNK], [CLS], [SEP], [MASK])");
        }
      }
    }
    // The canonical form spells the default (true) out for every kind, so only false, which would
    // mean a cased tokenizer, can be told apart from leaving the field out.
    if (tokenizer.getKind() != Tokenizer.Kind.WORDPIECE && !tokenizer.getLowerCase()) {
      problem(
          "text.tokenizer.lower_case",
          "false applies to WORDPIECE only; "
              + tokenizer.getKind()
              + " keeps the case of its text (remove the field)");
    }
    int maxLength = text.getMaxLength();
    if (maxLength < 3) {
      problem("text.max_length", maxLength + " leaves no room for a token between [CLS] and [SEP]");
    } else if (maxLength + encoder.getPositionOffset() > encoder.getMaxPositions()) {
      problem(
          "text.max_length",
          encoder.getPositionOffset() == 0
              ? maxLength + " exceeds encoder.max_positions (" + encoder.getMaxPositions() + ")"
              : maxLength + " + encoder.position_offset (" + encoder.getPositionOffset()
                  + ") exceeds encoder.max_positions (" + encoder.getMaxPositions() + ")");
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
    nonNegative("encoder.type_vocab_size", e.getTypeVocabSize());
    nonNegative("encoder.position_offset", e.getPositionOffset());
  }

  /** Names no custom objective or head may take: the built-in objectives' sections and metrics. */
  static final Set<String> BUILT_IN_NAMES =
      Set.of("masked_lm", "mlm", "cmcl", "mrfr", "mrc", "seq2seq", "pair_mlm", "caption_generation");

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  /**
   * The rules every objective and head shares; each then checks its own section ({@link
   * ObjectiveSpec#check}). No rule here knows a particular objective.
   */
  private void checkObjectives(ModelSpecProto spec, Views views) {
    checkNames(spec, views);
    List<ObjectiveSpec> trained = trained(views);
    if (trained.isEmpty() && spec.getHeadsCount() == 0) {
      problem(
          "objectives",
          "no objective or head declared: add masked_lm, seq2seq, cmcl, mrfr, mrc, pair_mlm,"
              + " caption_generation or a custom objective, or a head");
      return;
    }
    SpecContext context = views.context();
    for (ObjectiveSpec objective : trained) {
      nonNegative(objective.path() + ".weight", objective.weight());
      if (objective.data() != DataKind.TEXT && views.image().isEmpty()) {
        problem(objective.path(), "needs an image input: declare image { ... }");
      }
      objective.check(checks, context);
    }
    // Objectives that mask regions share one masking of each image.
    RegionMasking first = null;
    String firstPath = "";
    for (ObjectiveSpec objective : trained) {
      if (objective instanceof RegionMasking masking) {
        if (first == null) {
          first = masking;
          firstPath = objective.path();
        } else if (masking.rate() != first.rate()) {
          problem(
              objective.path() + ".rate",
              masking.rate()
                  + " differs from "
                  + firstPath
                  + ".rate ("
                  + first.rate()
                  + "); both objectives share one region masking");
        }
      }
    }
  }

  /** The declared objectives, then the heads. */
  private static List<ObjectiveSpec> trained(Views views) {
    List<ObjectiveSpec> all = new ArrayList<>(views.objectives().declared());
    all.addAll(views.heads());
    return all;
  }

  private void checkNames(ModelSpecProto spec, Views views) {
    Set<String> taken = new HashSet<>(BUILT_IN_NAMES);
    for (CustomObjective custom : spec.getObjectives().getCustomList()) {
      String path = "objectives.custom[" + custom.getName() + "]";
      checkName(path, custom.getName(), taken, "a built-in or another custom objective's name");
    }
    for (Head head : spec.getHeadsList()) {
      String path = "heads[" + head.getName() + "]";
      checkName(path, head.getName(), taken, "an objective's or another head's name");
      if (head.getKindCase() == Head.KindCase.KIND_NOT_SET) {
        problem(
            path,
            "declares no kind: add sequence_classification, sequence_regression, image_text_classification, vqa,"
                + " retrieval, captioning or text_to_text { ... }");
      }
    }
  }

  private void checkName(String path, String name, Set<String> taken, String what) {
    if (!NAME.matcher(name).matches()) {
      problem(
          path + ".name",
          "'" + name + "' must be lower-case letters, digits and '_', starting with a letter");
    } else if (!taken.add(name)) {
      problem(path + ".name", "'" + name + "' is already taken: it is " + what);
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
    nonNegative("optimizer.weight_decay", o.getWeightDecay());
    if (!(o.getLayerDecay() > 0 && o.getLayerDecay() <= 1)) {
      problem("optimizer.layer_decay", o.getLayerDecay() + " must be in (0, 1]");
    }
    if (!(o.getWarmupProportion() >= 0 && o.getWarmupProportion() < 1)) {
      problem("optimizer.warmup_proportion", o.getWarmupProportion() + " must be in [0, 1)");
    }
  }

  /** Every kind of data with a share has an objective that trains on it, and the other way round. */
  private void checkMix(Views views) {
    if (views.training().mix().isEmpty()) {
      return;
    }
    DataMixSpec mix = views.training().mix().get();
    List<ObjectiveSpec> trained = trained(views);
    for (DataKind kind : DataKind.values()) {
      float ratio = mix.ratio(kind);
      String path = "training.mix." + kind.id();
      List<String> names =
          trained.stream()
              .filter(o -> o.data() == kind && (kind == DataKind.TEXT || views.image().isPresent()))
              .map(o -> o.path().replaceFirst("^objectives\\.", ""))
              .toList();
      if (!(ratio >= 0)) {
        problem(path, ratio + " must not be negative");
      } else if (!names.isEmpty() && ratio == 0) {
        problem(
            path,
            "0 leaves "
                + or(names)
                + " untrained; remove the objective or give "
                + kind.id()
                + " a share");
      } else if (names.isEmpty() && ratio > 0) {
        problem(
            path,
            ratio + " for " + kind.id() + " data, but no declared objective trains on it; set it to 0");
      }
    }
  }

  /** {@code a}, {@code a or b}, {@code a, b or c}. */
  private static String or(List<String> names) {
    int last = names.size() - 1;
    return last == 0
        ? names.get(0)
        : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
  }

  private void checkTraining(Training t, Views views) {
    checkMix(views);
    positive("training.batch_size", t.getBatchSize());
    positive("training.steps", t.getSteps());
    positive("training.accumulation_steps", t.getAccumulationSteps());
    if (t.getAccumulationSteps() > 0 && t.getBatchSize() > 0 && t.getBatchSize() % t.getAccumulationSteps() != 0) {
      checks.problem(
          "training.accumulation_steps",
          t.getAccumulationSteps() + " does not divide training.batch_size (" + t.getBatchSize()
              + "): every micro-batch has batch_size / accumulation_steps examples");
    }
  }

  /**
   * What is legal but probably not meant: each a {@link Problem} that does not stop the spec from
   * being built. A short smoke run of a config with a long warmup is the common case.
   */
  static List<Problem> warnings(ModelSpecProto spec) {
    List<Problem> warnings = new ArrayList<>();
    if (spec.getOptimizer().getWarmupProportion() > 0) {
      return List.of(); // a proportion of the steps cannot exceed them
    }
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
