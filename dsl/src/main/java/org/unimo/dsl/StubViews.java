package org.unimo.dsl;
import java.util.*;
import org.unimo.dsl.proto.*;
/** TEMPORARY: replaced by the dslviews branch. */
final class StubViews {
  static TextSpec text(ModelSpecProto p) { var t = p.getText(); return new TextSpec(TokenizerKind.valueOf(t.getTokenizer().getKind().name()), t.getTokenizer().getVocabSize(), t.getMaxLength()); }
  static Optional<ImageSpec> image(ModelSpecProto p) { if (!p.hasImage()) return Optional.empty(); var i = p.getImage(); return Optional.of(new ImageSpec(i.getFeatureSize(), i.getMaxRegions(), i.getBoxFeatures())); }
  static EncoderSpec encoder(ModelSpecProto p) { var e = p.getEncoder(); return new EncoderSpec(e.getLayers(), e.getHidden(), e.getHeads(), e.getFfn(), Activation.valueOf(e.getActivation().name()), e.getDropout(), e.getInitializerRange(), e.getMaxPositions(), Pooling.valueOf(e.getPooling().name()), e.getLayerNormEpsilon()); }
  static OptimizerSpec optimizer(ModelSpecProto p) { var o = p.getOptimizer(); return new OptimizerSpec(o.getLearningRate(), o.getBeta1(), o.getBeta2(), o.getEpsilon(), o.getWarmupSteps(), o.getLinearDecay(), o.getClipNorm()); }
  static TrainingSpec training(ModelSpecProto p) { var t = p.getTraining(); return new TrainingSpec(t.getBatchSize(), t.getSteps(), t.hasMix() ? Optional.of(new DataMixSpec(t.getMix().getText(), t.getMix().getImage(), t.getMix().getPair())) : Optional.empty()); }
  static CompileSpec compile(ModelSpecProto p) { var c = p.getCompile(); return new CompileSpec(XlaMode.valueOf(c.getXlaMode().name()), Precision.valueOf(c.getPrecision().name()), c.getIntraOpThreads(), c.getInterOpThreads(), c.getInitialLossScale(), c.getLossScaleGrowthInterval()); }
  static DataSpec data(ModelSpecProto p) { if (!p.getData().hasShapesWorld()) return new DataSpec(Optional.empty()); var w = p.getData().getShapesWorld(); return new DataSpec(Optional.of(new ShapesWorldSpec(w.getTrainScenes(), w.getHeldoutScenes(), w.getImageOnlyScenes(), w.getCaptionsPerScene(), w.getWordnetGlosses()))); }
  static TokenMasking masking(MaskedLm m) { return new TokenMasking(m.getRate(), m.getMaskShare(), m.getRandomShare(), m.getMaxPredictions(), m.getWholeWord()); }
  static ObjectivesSpec objectives(ModelSpecProto p) {
    var o = p.getObjectives();
    var s = o.getCmcl().getSamples();
    return new ObjectivesSpec(
      o.hasMaskedLm() ? Optional.of(new MaskedLmSpec(o.getMaskedLm().getWeight(), masking(o.getMaskedLm()))) : Optional.empty(),
      o.hasCmcl() ? Optional.of(new CmclSpec(o.getCmcl().getWeight(), o.getCmcl().getTemperature(), o.getCmcl().getLearnTemperature(), new CmclSamplesSpec(s.getBacktranslations(), s.getParaphrases(), s.getRelatedTexts(), s.getRelatedImages(), s.getTfidfNegatives(), s.getObjectNegatives(), s.getAttributeNegatives(), s.getRelationNegatives()))) : Optional.empty(),
      o.hasMrfr() ? Optional.of(new MrfrSpec(o.getMrfr().getWeight(), o.getMrfr().getRate())) : Optional.empty(),
      o.hasMrc() ? Optional.of(new MrcSpec(o.getMrc().getWeight(), o.getMrc().getRate(), MrcSpec.Target.valueOf(o.getMrc().getTarget().name()), o.getMrc().getClasses())) : Optional.empty(),
      o.hasSeq2Seq() ? Optional.of(new Seq2SeqSpec(o.getSeq2Seq().getWeight(), Seq2SeqSpec.Attention.valueOf(o.getSeq2Seq().getAttention().name()))) : Optional.empty(),
      o.hasPairMlm() ? Optional.of(new PairMlmSpec(o.getPairMlm().getWeight(), masking(o.getMaskedLm()))) : Optional.empty(),
      o.hasCaptionGeneration() ? Optional.of(new CaptionGenerationSpec(o.getCaptionGeneration().getWeight())) : Optional.empty(),
      List.of());
  }
}
