package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CheckReturnValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.proto.ModelSpecProto;

/**
 * An immutable, validated model spec: inputs, encoder, objectives, optimizer, training and data.
 *
 * <p>Built with {@link #builder(String)} (Java or Kotlin), or read from a text-format config with
 * {@link #read(Path)}. Either way the spec is canonical: every default is spelled out, so {@link
 * #toTextProto()} parses back to an equal spec and {@link #fingerprint()} is the same for two specs
 * that mean the same model.
 *
 * <pre>{@code
 * ModelSpec spec = ModelSpec.builder("tiny")
 *     .encoder(e -> e.layers(2).hidden(128).heads(4).ffn(512))
 *     .cmcl(c -> c.temperature(0.1f))
 *     .build();
 * String sha = spec.fingerprint();
 * int layers = spec.encoder().layers();
 * }</pre>
 *
 * <p>Model code reads a spec through its typed views ({@link #text()}, {@link #image()}, {@link
 * #encoder()}, {@link #objectives()}, {@link #heads()}, {@link #optimizer()}, {@link #training()},
 * {@link #compile()}, {@link #data()}); {@link #proto()} is for persistence and for tools inside
 * this module.
 */
public final class ModelSpec {
  private final ModelSpecProto proto;
  private final String fingerprint;
  private final Views views;

  private ModelSpec(ModelSpecProto canonical) {
    this.proto = canonical;
    this.fingerprint = Canonical.fingerprint(canonical);
    this.views = Views.of(canonical);
  }

  /** Starts a spec with every field at its default (UNIMO-base sizes, no objective, no data). */
  @CheckReturnValue
  public static Builder builder(String name) {
    return new Builder(ModelSpecProto.newBuilder().setName(requireNonNull(name, "name")));
  }

  /**
   * Builds a spec in one block: {@code builder(name)}, then {@code block}, then {@link
   * Builder#build()}. From Kotlin the block is a trailing lambda with the builder as {@code this}:
   *
   * <pre>{@code
   * val spec = ModelSpec.define("tiny") {
   *     seed(42)
   *     encoder { layers(2); hidden(128); heads(4) }
   * }
   * }</pre>
   *
   * @throws SpecException listing every problem
   */
  public static ModelSpec define(String name, Block<Builder> block) {
    Builder builder = builder(name);
    block.configure(builder);
    return builder.build();
  }

  /**
   * Validates a spec message.
   *
   * @throws SpecException listing every problem found
   */
  public static ModelSpec of(ModelSpecProto proto) {
    ModelSpecProto canonical = Canonical.canonicalize(Migration.toCurrent(proto));
    List<Problem> problems = Validator.validate(canonical);
    if (!problems.isEmpty()) {
      throw new SpecException(problems);
    }
    return new ModelSpec(canonical);
  }

  /**
   * Validates the spec of an encoder and its inputs alone, with no objective or head: what {@code
   * unimo import} writes next to imported weights. It compiles for inference (embeddings) only; a
   * model that trains declares its objectives in a full spec ({@link #of}) whose text and encoder
   * sections equal these.
   *
   * @throws SpecException listing every problem found
   */
  public static ModelSpec encoderOnly(ModelSpecProto proto) {
    ModelSpecProto canonical = Canonical.canonicalize(Migration.toCurrent(proto));
    List<Problem> problems = Validator.validateEncoderOnly(canonical);
    if (!problems.isEmpty()) {
      throw new SpecException(problems);
    }
    return new ModelSpec(canonical);
  }

  /** {@link #encoderOnly(ModelSpecProto)} of a text-format spec. */
  public static ModelSpec parseEncoderOnly(String textproto, String source) {
    return encoderOnly(syntax(textproto, source));
  }

  /**
   * A text-format spec that may be either kind: full ({@link #parse}) when it declares an objective
   * or a head, else encoder-only ({@link #parseEncoderOnly}), as in an exported import.
   */
  public static ModelSpec parseFullOrEncoderOnly(String textproto, String source) {
    ModelSpecProto proto = syntax(textproto, source);
    boolean trains =
        proto.getHeadsCount() > 0
            || (proto.hasObjectives() && !proto.getObjectives().equals(proto.getObjectives().getDefaultInstanceForType()));
    return trains ? of(proto) : encoderOnly(proto);
  }

  private static ModelSpecProto syntax(String textproto, String source) {
    ModelSpecProto.Builder builder = ModelSpecProto.newBuilder();
    List<Problem> problems = SpecText.merge(textproto, source, builder);
    if (!problems.isEmpty()) {
      throw new SpecException(problems);
    }
    return builder.build();
  }

  /**
   * Parses and validates a text-format spec.
   *
   * @param source names the text in error messages, e.g. a file name
   * @throws SpecException listing every syntax error (each as {@code source:line:column}) or, if
   *     the text parsed, every invalid field
   */
  public static ModelSpec parse(String textproto, String source) {
    ModelSpecProto.Builder builder = ModelSpecProto.newBuilder();
    List<Problem> problems = SpecText.merge(textproto, source, builder);
    if (!problems.isEmpty()) {
      throw new SpecException(problems);
    }
    return of(builder.build());
  }

  /**
   * Reads and validates a {@code .textproto} spec file.
   *
   * @throws SpecException for a syntax error or invalid fields, naming the file
   * @throws IOException if the file cannot be read
   */
  public static ModelSpec read(Path file) throws IOException {
    return parse(readText(file), file.toString());
  }

  /**
   * Reads a spec file whose absent input and encoder sections ({@code text}, {@code image}, {@code
   * encoder}) are {@code base}'s: a fine-tuning config inherits them from the model it starts
   * from, and declares only its head, its task and its training settings. A section the file
   * declares is its own.
   *
   * @throws SpecException for a syntax error or invalid fields, naming the file
   * @throws IOException if the file cannot be read
   */
  public static ModelSpec read(Path file, ModelSpec base) throws IOException {
    ModelSpecProto.Builder builder = syntax(readText(file), file.toString()).toBuilder();
    if (!builder.hasText()) {
      builder.setText(base.proto().getText());
    }
    if (!builder.hasImage() && base.proto().hasImage()) {
      builder.setImage(base.proto().getImage());
    }
    if (!builder.hasEncoder()) {
      builder.setEncoder(base.proto().getEncoder());
    }
    return of(builder.build());
  }

  private static String readText(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new FileSystemException(file.toString(), null, "is a directory; expected a .textproto spec file");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such spec file");
    }
    return text;
  }

  /**
   * The canonical spec message (every default set): for persistence and for tools inside the
   * {@code dsl} module. Model code reads the typed views instead ({@link #text()}, {@link
   * #encoder()}, {@link #objectives()}, ...), which use the toolkit's own enums.
   */
  public ModelSpecProto proto() {
    return proto;
  }

  /** The text input. */
  public TextSpec text() {
    return views.text();
  }

  /** The image input; empty when the spec declares none (a text-only model). */
  public Optional<ImageSpec> image() {
    return views.image();
  }

  /** The unified Transformer. */
  public EncoderSpec encoder() {
    return views.encoder();
  }

  /**
   * The declared objectives; {@link ObjectivesSpec#declared()} lists them all:
   *
   * <pre>{@code
   * for (ObjectiveSpec o : spec.objectives().declared()) {
   *   System.out.println(o.name() + " on " + o.data().id() + " data, weight " + o.weight());
   * }
   * }</pre>
   */
  public ObjectivesSpec objectives() {
    return views.objectives();
  }

  /** The fine-tuning heads, in declaration order. */
  public List<HeadSpec> heads() {
    return views.heads();
  }

  /** Adam with warmup and decay. */
  public OptimizerSpec optimizer() {
    return views.optimizer();
  }

  /** Batch size, steps and the data mix. */
  public TrainingSpec training() {
    return views.training();
  }

  /** How the graph is compiled: XLA, precision, threads, loss scaling. */
  public CompileSpec compile() {
    return views.compile();
  }

  /** Where the training data comes from. */
  public DataSpec data() {
    return views.data();
  }

  public String name() {
    return proto.getName();
  }


  public long seed() {
    return proto.getSeed();
  }

  /** The canonical text format: every field, in field-number order. Parses back to an equal spec. */
  public String toTextProto() {
    return Canonical.print(proto);
  }

  /** Hex SHA-256 of {@link #toTextProto()}: stable across processes, machines and JVMs. */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * What is legal but probably not meant, e.g. a warmup longer than the run (the learning rate
   * then never reaches its peak). Tools print these; the spec is usable as it is.
   */
  public List<Problem> warnings() {
    return Validator.warnings(proto);
  }

  /** A builder starting from this spec, for variations. */
  @CheckReturnValue
  public Builder toBuilder() {
    return new Builder(proto.toBuilder());
  }

  /**
   * This spec with {@code path=value} assignments applied, as {@code --set} gives them: e.g. {@code
   * training.batch_size=16}, {@code encoder.pooling=MEAN}, {@code name=foo} (strings may be
   * left unquoted). Sections on the path are declared if absent ({@code
   * objectives.mrfr.rate=0.2} turns mrfr on); values are read as in a file; the result is validated
   * like a file.
   *
   * @throws SpecException listing every problem of every assignment, each with the path {@code
   *     --set PATH}, or every invalid field of the result
   */
  @CheckReturnValue
  public ModelSpec withOverrides(List<String> assignments) {
    return of(Overrides.apply(proto, assignments));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ModelSpec other && proto.equals(other.proto);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "ModelSpec[" + name() + ", sha256=" + fingerprint.substring(0, 12) + "]";
  }

  /**
   * Fluent builder of a {@link ModelSpec}. Setters record values without checking them; {@link
   * #build()} checks the whole spec and reports every problem at once.
   */
  @SpecDsl
  public static final class Builder {
    private final ModelSpecProto.Builder proto;

    Builder(ModelSpecProto.Builder proto) {
      this.proto = proto;
    }

    public Builder name(String name) {
      proto.setName(requireNonNull(name, "name"));
      return this;
    }

    /** Fixes data order, initialization, masking and dropout. */
    public Builder seed(long seed) {
      proto.setSeed(seed);
      return this;
    }

    /** The text input: tokenizer and maximum length. */
    public Builder text(Block<TextBuilder> block) {
      block.configure(new TextBuilder(proto.getTextBuilder()));
      return this;
    }

    /** Declares the image-region input. */
    public Builder image(Block<ImageBuilder> block) {
      block.configure(new ImageBuilder(proto.getImageBuilder()));
      return this;
    }

    /** The unified Transformer. */
    public Builder encoder(Block<EncoderBuilder> block) {
      block.configure(new EncoderBuilder(proto.getEncoderBuilder()));
      return this;
    }

    /** Declares the masked language modeling objective. */
    public Builder maskedLm(Block<MaskedLmBuilder> block) {
      block.configure(new MaskedLmBuilder(proto.getObjectivesBuilder().getMaskedLmBuilder()));
      return this;
    }

    /** Declares cross-modal contrastive learning (in-batch negatives). */
    public Builder cmcl(Block<CmclBuilder> block) {
      block.configure(new CmclBuilder(proto.getObjectivesBuilder().getCmclBuilder()));
      return this;
    }

    /** Declares UniLM-style generation on the text corpus. */
    public Builder seq2seq(Block<Seq2SeqBuilder> block) {
      block.configure(new Seq2SeqBuilder(proto.getObjectivesBuilder().getSeq2SeqBuilder()));
      return this;
    }

    /**
     * Declares masked LM on image-text pairs, the caption attending to the image, with its own
     * masking (BERT's 80/10/10 by default).
     */
    public Builder pairMlm(Block<PairMlmBuilder> block) {
      block.configure(new PairMlmBuilder(proto.getObjectivesBuilder().getPairMlmBuilder()));
      return this;
    }

    /** Declares generation of the caption from the image on image-text pairs. */
    public Builder captionGeneration(Block<PairObjectiveBuilder> block) {
      var objective = proto.getObjectivesBuilder().getCaptionGenerationBuilder();
      block.configure(new PairObjectiveBuilder(objective::setWeight));
      return this;
    }

    /** Declares masked region feature regression (on images without text). */
    public Builder mrfr(Block<MrfrBuilder> block) {
      block.configure(new MrfrBuilder(proto.getObjectivesBuilder().getMrfrBuilder()));
      return this;
    }

    /** Declares masked region classification (on images without text). */
    public Builder mrc(Block<MrcBuilder> block) {
      block.configure(new MrcBuilder(proto.getObjectivesBuilder().getMrcBuilder()));
      return this;
    }

    /**
     * Declares an objective registered by {@code name} (lower case, digits and '_'), with its data
     * kind and parameters; a later call with the same name configures the same objective.
     *
     * <pre>{@code
     * .custom("word_order", c -> c.weight(0.5f).data(DataKind.TEXT).param("swap_rate", 0.1))
     * }</pre>
     */
    public Builder custom(String name, Block<CustomObjectiveBuilder> block) {
      requireNonNull(name, "name");
      var objectives = proto.getObjectivesBuilder();
      int index = -1;
      for (int i = 0; i < objectives.getCustomCount(); i++) {
        if (objectives.getCustom(i).getName().equals(name)) {
          index = i;
        }
      }
      var custom =
          index >= 0
              ? objectives.getCustomBuilder(index)
              : objectives.addCustomBuilder().setName(name);
      block.configure(new CustomObjectiveBuilder(custom));
      return this;
    }

    /**
     * Declares a fine-tuning head that classifies the pooled text into labels; a later call with the
     * same name configures the same head.
     *
     * <pre>{@code
     * .sequenceClassification("shapes", h -> h.classes(4).labels("shape_count"))
     * }</pre>
     */
    public Builder sequenceClassification(String name, Block<SequenceClassificationBuilder> block) {
      block.configure(new SequenceClassificationBuilder(head(name)));
      return this;
    }

    /**
     * Declares a fine-tuning head that regresses one score from the pooled text (STS-B); a later
     * call with the same name configures the same head.
     *
     * <pre>{@code
     * .sequenceRegression("similarity", h -> h.labels("stsb"))
     * }</pre>
     */
    public Builder sequenceRegression(String name, Block<SequenceRegressionBuilder> block) {
      block.configure(new SequenceRegressionBuilder(head(name)));
      return this;
    }

    /**
     * Declares a fine-tuning head that classifies an image-text pair from one joint pass (visual
     * entailment); a later call with the same name configures the same head.
     *
     * <pre>{@code
     * .imageTextClassification("entailment", h -> h.classes(3).labels("snli_ve"))
     * }</pre>
     */
    public Builder imageTextClassification(String name, Block<ImageTextClassificationBuilder> block) {
      block.configure(new ImageTextClassificationBuilder(head(name)));
      return this;
    }

    /**
     * Declares a visual question answering head (soft-score binary cross-entropy over an answer
     * vocabulary); a later call with the same name configures the same head.
     *
     * <pre>{@code
     * .visualQuestionAnswering("vqa", h -> h.answers(3129).labels("vqa"))
     * }</pre>
     */
    public Builder visualQuestionAnswering(String name, Block<VisualQuestionAnsweringBuilder> block) {
      block.configure(new VisualQuestionAnsweringBuilder(head(name)));
      return this;
    }

    /**
     * Declares an image-text retrieval fine-tuning head (in-batch contrastive loss on a task's
     * captioned images); a later call with the same name configures the same head.
     *
     * <pre>{@code
     * .retrieval("coco", h -> h.labels("coco"))
     * }</pre>
     */
    public Builder retrieval(String name, Block<RetrievalBuilder> block) {
      block.configure(new RetrievalBuilder(head(name)));
      return this;
    }

    /**
     * Declares an image captioning head (the regions as source, the caption as target, UniLM's
     * seq2seq mask, the shared LM head; served as {@code decode_NAME}); a later call with the same
     * name configures the same head.
     *
     * <pre>{@code
     * .captioning("caption", h -> h.labels("coco").decoding(d -> d.beamSize(3).maxLength(20)))
     * }</pre>
     */
    public Builder captioning(String name, Block<CaptioningBuilder> block) {
      block.configure(new CaptioningBuilder(head(name)));
      return this;
    }

    /**
     * Declares a text-to-text generation head ({@code [CLS] source [SEP] target [SEP]} under
     * UniLM's seq2seq mask, the shared LM head; served as {@code decode_NAME}); a later call with the
     * same name configures the same head.
     *
     * <pre>{@code
     * .textToText("compress", h -> h.labels("gigaword").decoding(d -> d.beamSize(4).lengthPenalty(0.6f)))
     * }</pre>
     */
    public Builder textToText(String name, Block<TextToTextBuilder> block) {
      block.configure(new TextToTextBuilder(head(name)));
      return this;
    }

    /** The head named {@code name}, added if new. */
    private org.unimo.dsl.proto.Head.Builder head(String name) {
      requireNonNull(name, "name");
      for (int i = 0; i < proto.getHeadsCount(); i++) {
        if (proto.getHeads(i).getName().equals(name)) {
          return proto.getHeadsBuilder(i);
        }
      }
      return proto.addHeadsBuilder().setName(name);
    }

    /** Adam with warmup and linear decay. */
    public Builder optimizer(Block<OptimizerBuilder> block) {
      block.configure(new OptimizerBuilder(proto.getOptimizerBuilder()));
      return this;
    }

    public Builder training(Block<TrainingBuilder> block) {
      block.configure(new TrainingBuilder(proto.getTrainingBuilder()));
      return this;
    }

    /** How the graph is compiled: XLA, precision, threads. */
    public Builder compile(Block<CompileBuilder> block) {
      block.configure(new CompileBuilder(proto.getCompileBuilder()));
      return this;
    }

    /** Trains on the embedded, generated shapes world. */
    public Builder shapesWorld(Block<ShapesWorldBuilder> block) {
      block.configure(new ShapesWorldBuilder(proto.getDataBuilder().getShapesWorldBuilder()));
      return this;
    }

    /**
     * Trains on a directory written by {@code unimo prepare} (sharded TFRecords with the sample sets
     * attached); replaces any other data source.
     */
    public Builder preparedData(String dir) {
      proto.getDataBuilder().setPrepared(dir);
      return this;
    }

    /**
     * Trains on files in the standard formats (captions, region features, text corpora), prepared
     * into the data cache on first use; replaces any other data source.
     */
    public Builder dataFiles(Block<DataFilesBuilder> block) {
      block.configure(new DataFilesBuilder(proto.getDataBuilder().getFilesBuilder()));
      return this;
    }

    /**
     * Fine-tunes on a labelled downstream task's files (GLUE TSV, the Spam Assassin corpus); a head
     * trains on it by naming it in its {@code labels}. Replaces any other data source.
     */
    public Builder taskData(Block<TaskDataBuilder> block) {
      block.configure(new TaskDataBuilder(proto.getDataBuilder().getTaskBuilder()));
      return this;
    }

    /**
     * Validates and freezes the spec.
     *
     * @throws SpecException listing every problem, each with its field path
     */
    @CheckReturnValue
    public ModelSpec build() {
      return of(proto.build());
    }

    /**
     * Validates an encoder-only spec: text input and encoder, no objectives, heads or data; see
     * {@link ModelSpec#encoderOnly}.
     *
     * @throws SpecException listing every problem
     */
    public ModelSpec buildEncoderOnly() {
      return encoderOnly(proto.build());
    }
  }
}
