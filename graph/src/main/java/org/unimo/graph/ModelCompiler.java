package org.unimo.graph;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.proto.Cmcl;
import org.unimo.dsl.proto.Compile;
import org.unimo.dsl.proto.ImageInput;
import org.unimo.dsl.proto.MaskedRegionClassification;
import org.unimo.dsl.proto.ModelSpecProto;
import org.unimo.dsl.proto.Objectives;

/**
 * Compiles a {@link ModelSpec} into a {@link CompiledModel}.
 *
 * <pre>{@code
 * try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training());
 *     Session session = model.newSession()) {
 *   session.runner().feed(Names.TEXT_TOKEN_IDS, ids)...addTarget(Names.TRAIN_OP).run();
 * }
 * }</pre>
 */
public final class ModelCompiler {
  private ModelCompiler() {}

  public static CompiledModel compile(ModelSpec spec, CompileOptions options) {
    Graph graph = new Graph();
    try {
      return new Build(spec, options, graph).run();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** One compilation: the graph under construction and what it needs along the way. */
  private static final class Build {
    private final ModelSpec spec;
    private final ModelSpecProto proto;
    private final CompileOptions options;
    private final Graph graph;
    private final Ops tf;
    private final Params params;
    private final Output<TInt64> step;
    private final Layers layers;
    private final UnifiedEncoder encoder;
    private final int textLength;

    Build(ModelSpec spec, CompileOptions options, Graph graph) {
      this.spec = spec;
      this.proto = spec.proto();
      this.options = options;
      this.graph = graph;
      Ops root = Ops.create(graph);
      this.tf = options.device() == null ? root : root.withDevice(options.device());
      this.params = new Params(tf, proto.getSeed(), proto.getEncoder().getInitializerRange());
      this.step = params.counter(Names.GLOBAL_STEP);
      this.layers = new Layers(params, proto.getSeed(), step, proto.getCompile().getPrecision(), proto.getEncoder().getLayerNormEpsilon());
      this.encoder = new UnifiedEncoder(spec, layers);
      this.textLength = proto.getText().getMaxLength();
    }

    CompiledModel run() {
      Ops text = tf.withSubScope("text");
      Placeholder<TInt32> textIds =
          text.withName("token_ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, textLength)));
      Placeholder<TFloat32> textMask =
          text.withName("mask").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, textLength)));
      ImagePlaceholders image = proto.hasImage() ? imagePlaceholders(proto.getImage()) : null;

      // Inference outputs first: every new name scope scans the graph built so far, and the
      // training graph (with its gradients) is several times larger.
      Operand<TFloat32> textEmbedding = embedText(tf.withSubScope("embed_text"), textIds, textMask, false);
      if (image != null) {
        Operand<TFloat32> imageEmbedding = embedImage(tf.withSubScope("embed_image"), image, false);
        tf.withSubScope("score")
            .withName("scores")
            .linalg
            .matMul(textEmbedding, imageEmbedding, MatMul.transposeB(true));
      }
      if (options.mode() == CompileOptions.Mode.TRAINING) {
        buildTraining(textIds, textMask, image);
      }
      checkNames(image != null);
      return new CompiledModel(
          spec, options, graph, params.count(), ImmutableList.copyOf(params.all().keySet()));
    }

    private record ImagePlaceholders(
        Operand<TFloat32> features, Operand<TFloat32> boxes, Operand<TFloat32> mask) {}

    private ImagePlaceholders imagePlaceholders(ImageInput config) {
      return imagePlaceholders(tf.withSubScope("image"), config);
    }

    private ImagePlaceholders imagePlaceholders(Ops img, ImageInput config) {
      int regions = config.getMaxRegions();
      return new ImagePlaceholders(
          img.withName("features")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions, config.getFeatureSize()))),
          img.withName("boxes")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions, config.getBoxFeatures()))),
          img.withName("mask").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions))));
    }

    /** Pooled, L2-normalized text representation; named {@code embedding} under the scope. */
    private Operand<TFloat32> embedText(
        Ops scope, Operand<TInt32> ids, Operand<TFloat32> mask, boolean training) {
      Operand<TFloat32> sequence = encodeText(scope, ids, mask, training);
      Operand<TFloat32> pooled = encoder.pool(scope, sequence, mask);
      return scope.withName("embedding").identity(Layers.l2Normalize(scope, pooled));
    }

    private Operand<TFloat32> encodeText(
        Ops scope, Operand<TInt32> ids, Operand<TFloat32> mask, boolean training) {
      Operand<TFloat32> embedded = encoder.embedText(scope, ids, textLength, training);
      return encoder.encode(
          scope.withSubScope("encoder"),
          embedded,
          UnifiedEncoder.paddingBias(scope, mask, textLength),
          textLength,
          training);
    }

    private Operand<TFloat32> embedImage(Ops scope, ImagePlaceholders image, boolean training) {
      Operand<TFloat32> sequence = encodeImage(scope, image, training);
      Operand<TFloat32> mask = UnifiedEncoder.imageAttentionMask(scope, image.mask());
      Operand<TFloat32> pooled = encoder.pool(scope, sequence, mask);
      return scope.withName("embedding").identity(Layers.l2Normalize(scope, pooled));
    }

    /**
     * CMCL over the batch's pairs and, when the spec declares sample sets, each pair's positive
     * texts, related images and hard negative texts, all encoded by the same Transformer.
     */
    private Operand<TFloat32> buildCmcl(
        Operand<TInt32> textIds, Operand<TFloat32> textMask, ImagePlaceholders image) {
      Cmcl config = proto.getObjectives().getCmcl();
      Ops cmcl = tf.withSubScope("cmcl");
      Operand<TFloat32> text = embedText(cmcl.withSubScope("text"), textIds, textMask, true);
      Operand<TFloat32> picture = embedImage(cmcl.withSubScope("image"), image, true);
      Operand<TFloat32> inverse = cmcl.math.reciprocal(temperature(cmcl, config));
      org.unimo.graph.Objectives.Candidates candidates =
          new org.unimo.graph.Objectives.Candidates(cmcl, text, picture, inverse);
      CmclSampleCounts counts = CmclSampleCounts.of(config.getSamples());
      Ops in = tf.withSubScope("cmcl_samples");
      if (counts.positiveTexts() > 0) {
        SampleTexts texts = sampleTexts(in.withSubScope("positive_texts"), counts.positiveTexts());
        candidates.sampleTexts(
            embedText(cmcl.withSubScope("positive_texts"), texts.ids(), texts.mask(), true),
            texts.valid(),
            counts.positiveTexts(),
            true);
      }
      if (counts.relatedImages() > 0) {
        Ops images = in.withSubScope("positive_images");
        ImagePlaceholders related = imagePlaceholders(images, proto.getImage());
        candidates.relatedImages(
            embedImage(cmcl.withSubScope("positive_images"), related, true),
            validity(images, counts.relatedImages()),
            counts.relatedImages());
      }
      if (counts.negativeTexts() > 0) {
        SampleTexts texts = sampleTexts(in.withSubScope("negative_texts"), counts.negativeTexts());
        candidates.sampleTexts(
            embedText(cmcl.withSubScope("negative_texts"), texts.ids(), texts.mask(), true),
            texts.valid(),
            counts.negativeTexts(),
            false);
      }
      return candidates.loss();
    }

    /** {@code cmcl/temperature}: fixed, or learned as an offset of log tau clipped to [0.01, 1]. */
    private Operand<TFloat32> temperature(Ops cmcl, Cmcl config) {
      Operand<TFloat32> start = cmcl.constant(config.getTemperature());
      if (!config.getLearnTemperature()) {
        return cmcl.withName("temperature").identity(start);
      }
      Operand<TFloat32> offset = params.get("cmcl/log_temperature_offset", Shape.scalar(), Params.Init.ZEROS);
      Operand<TFloat32> learned = cmcl.math.mul(start, cmcl.math.exp(offset));
      return cmcl.withName("temperature")
          .math
          .minimum(cmcl.math.maximum(learned, cmcl.constant(0.01f)), cmcl.constant(1f));
    }

    /** Token ids, mask ([B * K, L]) and validity ([B, K]) of K sample texts per pair. */
    private record SampleTexts(Operand<TInt32> ids, Operand<TFloat32> mask, Operand<TFloat32> valid) {}

    private SampleTexts sampleTexts(Ops in, int perPair) {
      Shape shape = Shape.of(-1, textLength);
      return new SampleTexts(
          in.withName("token_ids").placeholder(TInt32.class, Placeholder.shape(shape)),
          in.withName("mask").placeholder(TFloat32.class, Placeholder.shape(shape)),
          validity(in, perPair));
    }

    private static Operand<TFloat32> validity(Ops in, int perPair) {
      return in.withName("valid").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, perPair)));
    }

    /** {@code [IMG] v1 ... vR} through the Transformer: [B, R + 1, H]. */
    private Operand<TFloat32> encodeImage(Ops scope, ImagePlaceholders image, boolean training) {
      ImageInput config = proto.getImage();
      int regions = config.getMaxRegions();
      Operand<TFloat32> embedded =
          encoder.embedImage(
              scope,
              image.features(),
              image.boxes(),
              regions,
              config.getFeatureSize(),
              config.getBoxFeatures(),
              training);
      Operand<TFloat32> mask = UnifiedEncoder.imageAttentionMask(scope, image.mask());
      return encoder.encode(
          scope.withSubScope("encoder"),
          embedded,
          UnifiedEncoder.paddingBias(scope, mask, regions + 1),
          regions + 1,
          training);
    }

    /**
     * Masked LM and caption generation on image-text pairs, each over one joint sequence {@code
     * [IMG] v1 ... vt [CLS] w1 ... wn [SEP]}: the regions attend among themselves; the caption
     * attends to them and, bidirectionally (MLM) or causally (generation), to itself.
     */
    private void buildPairObjectives(
        Ops loss,
        List<Operand<TFloat32>> weighted,
        Placeholder<TInt32> textIds,
        Placeholder<TFloat32> textMask,
        ImagePlaceholders image) {
      Objectives objectives = proto.getObjectives();
      int vocab = proto.getText().getTokenizer().getVocabSize();
      if (objectives.hasPairMlm()) {
        Ops in = tf.withSubScope("pair_mlm");
        int predictions = objectives.getMaskedLm().getMaxPredictions();
        Shape perPrediction = Shape.of(-1, predictions);
        Placeholder<TInt32> ids = in.withName("token_ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, textLength)));
        Placeholder<TInt32> positions = in.withName("positions").placeholder(TInt32.class, Placeholder.shape(perPrediction));
        Placeholder<TInt32> labels = in.withName("labels").placeholder(TInt32.class, Placeholder.shape(perPrediction));
        Placeholder<TFloat32> weights = in.withName("weights").placeholder(TFloat32.class, Placeholder.shape(perPrediction));
        Ops head = tf.withSubScope("pair_masked_lm");
        Operand<TFloat32> caption = encodeJoint(head, image, ids, textMask, false);
        Operand<TFloat32> value =
            org.unimo.graph.Objectives.maskedLm(
                head, layers, encoder, proto.getEncoder(), vocab, caption, textLength, positions, labels, weights);
        weighted.add(tf.math.mul(loss.withName("pair_mlm").identity(value), tf.constant(objectives.getPairMlm().getWeight())));
      }
      if (objectives.hasCaptionGeneration()) {
        Ops in = tf.withSubScope("caption");
        Shape shape = Shape.of(-1, textLength);
        Placeholder<TInt32> labels = in.withName("labels").placeholder(TInt32.class, Placeholder.shape(shape));
        Placeholder<TFloat32> weights = in.withName("weights").placeholder(TFloat32.class, Placeholder.shape(shape));
        Ops head = tf.withSubScope("caption_generation");
        Operand<TFloat32> caption = encodeJoint(head, image, textIds, textMask, true);
        Operand<TFloat32> value =
            org.unimo.graph.Objectives.seq2seq(head, layers, encoder, proto.getEncoder(), vocab, caption, labels, weights);
        weighted.add(
            tf.math.mul(
                loss.withName("caption_generation").identity(value),
                tf.constant(objectives.getCaptionGeneration().getWeight())));
      }
    }

    /** The caption's outputs [B, T, H] from the joint image + caption sequence. */
    private Operand<TFloat32> encodeJoint(
        Ops scope, ImagePlaceholders image, Operand<TInt32> ids, Operand<TFloat32> textMask, boolean causalCaption) {
      ImageInput config = proto.getImage();
      int regions = config.getMaxRegions() + 1;
      int hidden = proto.getEncoder().getHidden();
      Operand<TFloat32> imageEmbedded =
          encoder.embedImage(
              scope, image.features(), image.boxes(), config.getMaxRegions(), config.getFeatureSize(), config.getBoxFeatures(), true);
      Operand<TFloat32> textEmbedded = encoder.embedText(scope, ids, textLength, true);
      Operand<TFloat32> joint = scope.concat(List.of(imageEmbedded, textEmbedded), scope.constant(1));
      Operand<TFloat32> imageMask = UnifiedEncoder.imageAttentionMask(scope, image.mask());
      Operand<TFloat32> mask = scope.concat(List.of(imageMask, textMask), scope.constant(1));
      Operand<TFloat32> captionSegment = causalCaption ? scope.onesLike(textMask) : scope.zerosLike(textMask);
      Operand<TFloat32> segment = scope.concat(List.of(scope.zerosLike(imageMask), captionSegment), scope.constant(1));
      int length = regions + textLength;
      Operand<TFloat32> sequence =
          encoder.encode(
              scope.withSubScope("encoder"), joint, UnifiedEncoder.segmentBias(scope, mask, segment, length), length, true);
      return scope.slice(
          sequence, scope.constant(new int[] {0, regions, 0}), scope.constant(new int[] {-1, textLength, hidden}));
    }

    /** UniLM-style generation on the text corpus under the segment-driven attention mask. */
    private void buildSeq2Seq(Ops loss, List<Operand<TFloat32>> weighted) {
      Ops s2s = tf.withSubScope("s2s");
      Shape shape = Shape.of(-1, textLength);
      Placeholder<TInt32> ids = s2s.withName("token_ids").placeholder(TInt32.class, Placeholder.shape(shape));
      Placeholder<TFloat32> mask = s2s.withName("mask").placeholder(TFloat32.class, Placeholder.shape(shape));
      Placeholder<TFloat32> segment = s2s.withName("segment").placeholder(TFloat32.class, Placeholder.shape(shape));
      Placeholder<TInt32> labels = s2s.withName("labels").placeholder(TInt32.class, Placeholder.shape(shape));
      Placeholder<TFloat32> weights = s2s.withName("weights").placeholder(TFloat32.class, Placeholder.shape(shape));
      Ops head = tf.withSubScope("seq2seq");
      Operand<TFloat32> embedded = encoder.embedText(head, ids, textLength, true);
      Operand<TFloat32> sequence =
          encoder.encode(
              head.withSubScope("encoder"),
              embedded,
              UnifiedEncoder.segmentBias(head, mask, segment, textLength),
              textLength,
              true);
      Operand<TFloat32> value =
          org.unimo.graph.Objectives.seq2seq(
              head, layers, encoder, proto.getEncoder(), proto.getText().getTokenizer().getVocabSize(), sequence, labels, weights);
      weighted.add(
          tf.math.mul(loss.withName("seq2seq").identity(value), tf.constant(proto.getObjectives().getSeq2Seq().getWeight())));
    }

    /**
     * Masked region modeling on images without text: MRFR and MRC from the outputs of the masked
     * regions, which see only their boxes and the other regions.
     */
    private void buildMaskedRegionModeling(Ops loss, List<Operand<TFloat32>> weighted) {
      Objectives objectives = proto.getObjectives();
      ImageInput config = proto.getImage();
      int regions = config.getMaxRegions();
      int features = config.getFeatureSize();
      int hidden = proto.getEncoder().getHidden();
      Ops mrm = tf.withSubScope("mrm");
      Shape perRegion = Shape.of(-1, regions);
      ImagePlaceholders input =
          new ImagePlaceholders(
              mrm.withName("features").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions, features))),
              mrm.withName("boxes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions, config.getBoxFeatures()))),
              mrm.withName("mask").placeholder(TFloat32.class, Placeholder.shape(perRegion)));
      Placeholder<TFloat32> masked = mrm.withName("masked").placeholder(TFloat32.class, Placeholder.shape(perRegion));
      Placeholder<TFloat32> targetFeatures =
          mrm.withName("target_features").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions, features)));
      int classes = objectives.getMrc().getClasses();
      Placeholder<TFloat32> targetClasses =
          mrm.withName("target_classes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions, classes)));

      Ops head = tf.withSubScope("masked_region");
      Operand<TFloat32> sequence = encodeImage(head, input, true);
      Operand<TFloat32> regionOutputs =
          head.slice(sequence, head.constant(new int[] {0, 1, 0}), head.constant(new int[] {-1, regions, hidden}));
      if (objectives.hasMrfr()) {
        Operand<TFloat32> predicted = layers.dense(head, regionOutputs, regions, hidden, features, "mrfr_head/dense");
        Operand<TFloat32> value = org.unimo.graph.Objectives.mrfr(head, predicted, targetFeatures, masked);
        weighted.add(tf.math.mul(loss.withName("mrfr").identity(value), tf.constant(objectives.getMrfr().getWeight())));
      }
      if (objectives.hasMrc()) {
        Operand<TFloat32> logits = layers.dense(head, regionOutputs, regions, hidden, classes, "mrc_head/dense");
        boolean soft = objectives.getMrc().getTarget() == MaskedRegionClassification.Target.SOFT;
        Operand<TFloat32> value = org.unimo.graph.Objectives.mrc(head, logits, targetClasses, masked, classes, soft);
        weighted.add(tf.math.mul(loss.withName("mrc").identity(value), tf.constant(objectives.getMrc().getWeight())));
      }
    }

    private void buildTraining(
        Placeholder<TInt32> textIds, Placeholder<TFloat32> textMask, ImagePlaceholders image) {
      Objectives objectives = proto.getObjectives();
      Ops loss = tf.withSubScope("loss");
      List<Operand<TFloat32>> textLosses = new ArrayList<>();
      List<Operand<TFloat32>> imageLosses = new ArrayList<>();
      List<Operand<TFloat32>> pairLosses = new ArrayList<>();
      if (objectives.hasMaskedLm()) {
        Ops mlm = tf.withSubScope("mlm");
        int predictions = objectives.getMaskedLm().getMaxPredictions();
        Placeholder<TInt32> ids =
            mlm.withName("token_ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, textLength)));
        Placeholder<TFloat32> mask =
            mlm.withName("mask").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, textLength)));
        Placeholder<TInt32> positions =
            mlm.withName("positions").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, predictions)));
        Placeholder<TInt32> labels =
            mlm.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, predictions)));
        Placeholder<TFloat32> weights =
            mlm.withName("weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, predictions)));
        Ops head = tf.withSubScope("masked_lm");
        Operand<TFloat32> sequence = encodeText(head, ids, mask, true);
        Operand<TFloat32> value =
            org.unimo.graph.Objectives.maskedLm(
                head,
                layers,
                encoder,
                proto.getEncoder(),
                proto.getText().getTokenizer().getVocabSize(),
                sequence,
                textLength,
                positions,
                labels,
                weights);
        Operand<TFloat32> named = loss.withName("mlm").identity(value);
        textLosses.add(tf.math.mul(named, tf.constant(objectives.getMaskedLm().getWeight())));
      }
      if (objectives.hasCmcl() && image != null) {
        Operand<TFloat32> named = loss.withName("cmcl").identity(buildCmcl(textIds, textMask, image));
        pairLosses.add(tf.math.mul(named, tf.constant(objectives.getCmcl().getWeight())));
      }
      if (objectives.hasSeq2Seq()) {
        buildSeq2Seq(loss, textLosses);
      }
      if ((objectives.hasPairMlm() || objectives.hasCaptionGeneration()) && image != null) {
        buildPairObjectives(loss, pairLosses, textIds, textMask, image);
      }
      if ((objectives.hasMrfr() || objectives.hasMrc()) && image != null) {
        buildMaskedRegionModeling(loss, imageLosses);
      }
      List<Operand<TFloat32>> all = new ArrayList<>(textLosses);
      all.addAll(imageLosses);
      all.addAll(pairLosses);
      Operand<TFloat32> total = loss.withName("total").math.addN(all);
      Compile compile = proto.getCompile();
      Adam.LossScaling scaling =
          compile.getPrecision() == Compile.Precision.FP16
              ? new Adam.LossScaling(compile.getInitialLossScale(), compile.getLossScaleGrowthInterval())
              : null;
      Adam.Builder adam =
          new Adam.Builder(tf, params, step, proto.getOptimizer(), proto.getTraining().getSteps(), scaling);
      if (!proto.getTraining().hasMix()) {
        adam.minimize(total, "");
        return;
      }
      // One train op per kind of data, each over that kind's objectives only.
      for (DataKind kind : DataKind.values()) {
        List<Operand<TFloat32>> losses =
            switch (kind) {
              case TEXT -> textLosses;
              case IMAGE -> imageLosses;
              case PAIR -> pairLosses;
            };
        if (!losses.isEmpty()) {
          adam.minimize(loss.withName("total_" + kind.id()).math.addN(losses), "_" + kind.id());
        }
      }
    }

    /** The names in {@link Names} are a contract: fail the compile, not a later feed. */
    private void checkNames(boolean hasImage) {
      List<String> expected = new ArrayList<>(List.of(Names.TEXT_TOKEN_IDS, Names.TEXT_MASK, Names.TEXT_EMBEDDING, Names.GLOBAL_STEP));
      if (hasImage) {
        expected.addAll(List.of(Names.IMAGE_FEATURES, Names.IMAGE_BOXES, Names.IMAGE_MASK, Names.IMAGE_EMBEDDING, Names.SCORES));
      }
      if (options.mode() == CompileOptions.Mode.TRAINING) {
        expected.addAll(List.of(Names.LOSS_TOTAL, Names.LEARNING_RATE));
        if (!proto.getTraining().hasMix()) {
          expected.addAll(List.of(Names.GRADIENT_NORM, Names.TRAIN_OP));
        }
        if (proto.getObjectives().hasMaskedLm()) {
          expected.addAll(List.of(Names.MLM_TOKEN_IDS, Names.MLM_MASK, Names.MLM_POSITIONS, Names.MLM_LABELS, Names.MLM_WEIGHTS, Names.LOSS_MLM));
        }
        if (proto.getObjectives().hasCmcl() && hasImage) {
          expected.add(Names.LOSS_CMCL);
        }
        if (proto.getObjectives().hasMrfr() || proto.getObjectives().hasMrc()) {
          expected.addAll(List.of(Names.MRM_FEATURES, Names.MRM_BOXES, Names.MRM_MASK, Names.MRM_MASKED, Names.MRM_TARGET_FEATURES, Names.MRM_TARGET_CLASSES));
        }
        if (proto.getObjectives().hasMrfr()) {
          expected.add(Names.LOSS_MRFR);
        }
        if (proto.getObjectives().hasPairMlm() && hasImage) {
          expected.addAll(List.of(Names.PAIR_MLM_TOKEN_IDS, Names.PAIR_MLM_POSITIONS, Names.PAIR_MLM_LABELS, Names.PAIR_MLM_WEIGHTS, Names.LOSS_PAIR_MLM));
        }
        if (proto.getObjectives().hasCaptionGeneration() && hasImage) {
          expected.addAll(List.of(Names.CAPTION_LABELS, Names.CAPTION_WEIGHTS, Names.LOSS_CAPTION));
        }
        if (proto.getObjectives().hasSeq2Seq()) {
          expected.addAll(List.of(Names.S2S_TOKEN_IDS, Names.S2S_MASK, Names.S2S_SEGMENT, Names.S2S_LABELS, Names.S2S_WEIGHTS, Names.LOSS_SEQ2SEQ));
        }
        if (proto.getObjectives().hasMrc()) {
          expected.add(Names.LOSS_MRC);
        }
      }
      for (String name : expected) {
        if (graph.operation(name) == null) {
          throw new IllegalStateException("compiler bug: the graph has no op named " + name);
        }
      }
    }
  }
}
