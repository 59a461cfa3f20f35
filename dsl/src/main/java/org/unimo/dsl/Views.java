package org.unimo.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.unimo.dsl.proto.Cmcl;
import org.unimo.dsl.proto.CmclSamples;
import org.unimo.dsl.proto.Compile;
import org.unimo.dsl.proto.CustomObjective;
import org.unimo.dsl.proto.Data;
import org.unimo.dsl.proto.DataFiles;
import org.unimo.dsl.proto.TaskData;
import org.unimo.dsl.proto.DataMix;
import org.unimo.dsl.proto.Encoder;
import org.unimo.dsl.proto.Head;
import org.unimo.dsl.proto.ImageInput;
import org.unimo.dsl.proto.MaskedLm;
import org.unimo.dsl.proto.MaskedRegionClassification;
import org.unimo.dsl.proto.ModelSpecProto;
import org.unimo.dsl.proto.Objectives;
import org.unimo.dsl.proto.Optimizer;
import org.unimo.dsl.proto.PairMaskedLm;
import org.unimo.dsl.proto.ShapesWorld;
import org.unimo.dsl.proto.TextInput;
import org.unimo.dsl.proto.Training;

/**
 * The typed views of a spec message: the one place that reads generated messages into the
 * toolkit's records. Works on any message, valid or not (the validator checks the views), but is
 * meant for the canonical form, where every default is set.
 */
record Views(
    TextSpec text,
    Optional<ImageSpec> image,
    EncoderSpec encoder,
    ObjectivesSpec objectives,
    List<HeadSpec> heads,
    OptimizerSpec optimizer,
    TrainingSpec training,
    CompileSpec compile,
    DataSpec data) {

  static Views of(ModelSpecProto spec) {
    return new Views(
        text(spec.getText()),
        spec.hasImage() ? Optional.of(image(spec.getImage())) : Optional.empty(),
        encoder(spec.getEncoder()),
        objectives(spec.getObjectives()),
        heads(spec.getHeadsList()),
        optimizer(spec.getOptimizer()),
        training(spec.getTraining()),
        compile(spec.getCompile()),
        data(spec.getData()));
  }

  SpecContext context() {
    return new SpecContext(text, image, encoder, training);
  }

  private static TextSpec text(TextInput t) {
    return new TextSpec(
        ProtoEnums.of(t.getTokenizer().getKind()),
        t.getTokenizer().getVocabSize(),
        t.getMaxLength(),
        t.getTokenizer().getLowerCase());
  }

  private static ImageSpec image(ImageInput i) {
    return new ImageSpec(i.getFeatureSize(), i.getMaxRegions(), i.getBoxFeatures());
  }

  private static EncoderSpec encoder(Encoder e) {
    return new EncoderSpec(
        e.getLayers(),
        e.getHidden(),
        e.getHeads(),
        e.getFfn(),
        ProtoEnums.of(e.getActivation()),
        e.getDropout(),
        e.getInitializerRange(),
        e.getMaxPositions(),
        ProtoEnums.of(e.getPooling()),
        e.getLayerNormEpsilon(),
        e.getTypeVocabSize(),
        e.getPositionOffset());
  }

  private static ObjectivesSpec objectives(Objectives o) {
    List<CustomObjectiveSpec> custom = new ArrayList<>();
    for (CustomObjective c : o.getCustomList()) {
      custom.add(
          new CustomObjectiveSpec(c.getName(), c.getWeight(), ProtoEnums.of(c.getData()), c.getParamsMap()));
    }
    return new ObjectivesSpec(
        o.hasMaskedLm() ? Optional.of(maskedLm(o.getMaskedLm())) : Optional.empty(),
        o.hasCmcl() ? Optional.of(cmcl(o.getCmcl())) : Optional.empty(),
        o.hasMrfr()
            ? Optional.of(new MrfrSpec(o.getMrfr().getWeight(), o.getMrfr().getRate()))
            : Optional.empty(),
        o.hasMrc() ? Optional.of(mrc(o.getMrc())) : Optional.empty(),
        o.hasSeq2Seq()
            ? Optional.of(
                new Seq2SeqSpec(o.getSeq2Seq().getWeight(), ProtoEnums.of(o.getSeq2Seq().getAttention())))
            : Optional.empty(),
        o.hasPairMlm() ? Optional.of(pairMlm(o.getPairMlm())) : Optional.empty(),
        o.hasCaptionGeneration()
            ? Optional.of(new CaptionGenerationSpec(o.getCaptionGeneration().getWeight()))
            : Optional.empty(),
        custom);
  }

  private static MaskedLmSpec maskedLm(MaskedLm m) {
    return new MaskedLmSpec(
        m.getWeight(),
        new TokenMasking(
            m.getRate(), m.getMaskShare(), m.getRandomShare(), m.getMaxPredictions(), m.getWholeWord()));
  }

  private static PairMlmSpec pairMlm(PairMaskedLm m) {
    return new PairMlmSpec(
        m.getWeight(),
        new TokenMasking(
            m.getRate(), m.getMaskShare(), m.getRandomShare(), m.getMaxPredictions(), m.getWholeWord()));
  }

  private static MrcSpec mrc(MaskedRegionClassification m) {
    return new MrcSpec(m.getWeight(), m.getRate(), ProtoEnums.of(m.getTarget()), m.getClasses());
  }

  private static CmclSpec cmcl(Cmcl c) {
    CmclSamples s = c.getSamples();
    return new CmclSpec(
        c.getWeight(),
        c.getTemperature(),
        c.getLearnTemperature(),
        new CmclSamplesSpec(
            s.getBacktranslations(),
            s.getParaphrases(),
            s.getRelatedTexts(),
            s.getRelatedImages(),
            s.getTfidfNegatives(),
            s.getObjectNegatives(),
            s.getAttributeNegatives(),
            s.getRelationNegatives()));
  }

  /** The heads that declare a kind; one without is the validator's to report. */
  private static List<HeadSpec> heads(List<Head> heads) {
    List<HeadSpec> views = new ArrayList<>();
    for (Head h : heads) {
      switch (h.getKindCase()) {
        case SEQUENCE_CLASSIFICATION -> {
          var c = h.getSequenceClassification();
          views.add(
              new SequenceClassificationSpec(
                  h.getName(), h.getWeight(), c.getClasses(), c.getLabels(), c.getDropout()));
        }
        case SEQUENCE_REGRESSION -> {
          var r = h.getSequenceRegression();
          views.add(new SequenceRegressionSpec(h.getName(), h.getWeight(), r.getLabels(), r.getDropout()));
        }
        case IMAGE_TEXT_CLASSIFICATION -> {
          var c = h.getImageTextClassification();
          views.add(
              new ImageTextClassificationSpec(h.getName(), h.getWeight(), c.getClasses(), c.getLabels(), c.getDropout()));
        }
        case VQA -> {
          var v = h.getVqa();
          views.add(new VisualQuestionAnsweringSpec(h.getName(), h.getWeight(), v.getAnswers(), v.getLabels(), v.getDropout()));
        }
        case RETRIEVAL -> {
          var r = h.getRetrieval();
          views.add(new RetrievalSpec(h.getName(), h.getWeight(), r.getLabels(), r.getTemperature()));
        }
        case CAPTIONING -> {
          var c = h.getCaptioning();
          views.add(new CaptioningSpec(h.getName(), h.getWeight(), c.getLabels(), DecodingSpec.of(c.getDecoding())));
        }
        case TEXT_TO_TEXT -> {
          var t = h.getTextToText();
          views.add(new TextToTextSpec(h.getName(), h.getWeight(), t.getLabels(), DecodingSpec.of(t.getDecoding())));
        }
        case KIND_NOT_SET -> {}
      }
    }
    return List.copyOf(views);
  }

  private static OptimizerSpec optimizer(Optimizer o) {
    return new OptimizerSpec(
        o.getLearningRate(),
        o.getBeta1(),
        o.getBeta2(),
        o.getEpsilon(),
        o.getWarmupSteps(),
        o.getLinearDecay(),
        o.getClipNorm(),
        o.getWeightDecay(),
        o.getLayerDecay(),
        o.getWarmupProportion());
  }

  private static TrainingSpec training(Training t) {
    Optional<DataMixSpec> mix = Optional.empty();
    if (t.hasMix()) {
      DataMix m = t.getMix();
      mix = Optional.of(new DataMixSpec(m.getText(), m.getImage(), m.getPair()));
    }
    return new TrainingSpec(t.getBatchSize(), t.getSteps(), mix, t.getAccumulationSteps());
  }

  private static CompileSpec compile(Compile c) {
    return new CompileSpec(
        ProtoEnums.of(c.getXlaMode()),
        ProtoEnums.of(c.getPrecision()),
        c.getIntraOpThreads(),
        c.getInterOpThreads(),
        c.getInitialLossScale(),
        c.getLossScaleGrowthInterval());
  }

  private static DataSpec data(Data d) {
    DataFiles f = d.getFiles();
    return new DataSpec(
        d.hasShapesWorld() ? Optional.of(shapesWorld(d.getShapesWorld())) : Optional.empty(),
        d.hasPrepared() ? Optional.of(d.getPrepared()) : Optional.empty(),
        d.hasFiles()
            ? Optional.of(
                new DataFilesSpec(
                    f.getPairsList(),
                    f.getFeaturesList(),
                    f.getImagesList(),
                    f.getTextList(),
                    f.getHeldoutList(),
                    f.getClasses().isBlank() ? Optional.empty() : Optional.of(f.getClasses()),
                    f.getCaptionsAsText()))
            : Optional.empty(),
        d.hasTask()
            ? Optional.of(
                new TaskDataSpec(
                    d.getTask().getName(),
                    d.getTask().getFormat() == TaskData.Format.FORMAT_UNSPECIFIED
                        ? TaskDataSpec.Format.GLUE_SST2
                        : TaskDataSpec.Format.valueOf(d.getTask().getFormat().name()),
                    d.getTask().getTrainList(),
                    d.getTask().getValidationList(),
                    d.getTask().getFeaturesList(),
                    d.getTask().getMinAnswerCount()))
            : Optional.empty());
  }

  private static ShapesWorldSpec shapesWorld(ShapesWorld w) {
    return new ShapesWorldSpec(
        w.getTrainScenes(),
        w.getHeldoutScenes(),
        w.getImageOnlyScenes(),
        w.getCaptionsPerScene(),
        w.getWordnetGlosses());
  }
}
