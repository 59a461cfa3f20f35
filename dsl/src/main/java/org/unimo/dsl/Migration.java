package org.unimo.dsl;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import org.unimo.dsl.proto.Cmcl;
import org.unimo.dsl.proto.Compile;
import org.unimo.dsl.proto.MaskedLm;
import org.unimo.dsl.proto.ModelSpecProto;
import org.unimo.dsl.proto.Objectives;
import org.unimo.dsl.proto.PairMaskedLm;
import org.unimo.dsl.proto.Training;

/**
 * Reads configs of older format versions: rewrites their fields into the current form.
 *
 * <p>Fields that a format version retired stay in the schema, marked {@code deprecated}, so old
 * files still parse; this class moves their values to where the current version keeps them and
 * clears them. The canonical form and the fingerprint never contain a deprecated field.
 *
 * <p>Version 1 to 2:
 *
 * <ul>
 *   <li>{@code compile.xla: true} becomes {@code compile.xla_mode: AUTO} (XLA where it helps: on
 *       GPUs), {@code false} becomes {@code OFF}. Version 1's {@code true} was its default and
 *       asked for XLA on any device; on CPU it gained nothing measurable and made fp16 about 50x
 *       slower, which is why the migrated form leaves the choice to the device.
 *   <li>{@code objectives.cmcl.pooling} becomes {@code encoder.pooling}: pooling belongs to the
 *       encoder, and an encoder without CMCL pools too.
 *   <li>{@code training.checkpoint_every} and {@code training.keep_checkpoints} are dropped: how
 *       often to checkpoint is a run option, not part of the model.
 * </ul>
 *
 * <p>Version 2 to 3:
 *
 * <ul>
 *   <li>{@code objectives.pair_mlm} has its own masking ({@code rate}, {@code mask_share}, {@code
 *       random_share}, {@code max_predictions}, {@code whole_word}); before, it followed {@code
 *       objectives.masked_lm}'s. A config that declares both gets masked_lm's values copied into
 *       each of those fields pair_mlm does not set, so it means the same model. (Without
 *       masked_lm, pair_mlm followed masked_lm's defaults, which are pair_mlm's own defaults.)
 * </ul>
 *
 * <p>A version 1 config goes through both steps, 1 to 2 and 2 to 3.
 */
final class Migration {
  /** The format version this toolkit writes. */
  static final int CURRENT = 3;

  private Migration() {}

  /**
   * {@code spec} in the current format: unchanged if it already is, migrated if it declares an
   * older version. A current-version spec that sets a retired field is left as it is, for the
   * validator to report ({@link #retiredFields}).
   */
  static ModelSpecProto toCurrent(ModelSpecProto spec) {
    if (!spec.hasFormatVersion() || spec.getFormatVersion() < 1 || spec.getFormatVersion() >= CURRENT) {
      return spec; // current, or unknown: the validator refuses it
    }
    if (spec.getFormatVersion() == 1) {
      spec = oneToTwo(spec);
    }
    return twoToThree(spec);
  }

  private static ModelSpecProto twoToThree(ModelSpecProto spec) {
    ModelSpecProto.Builder builder = spec.toBuilder().setFormatVersion(3);
    Objectives objectives = spec.getObjectives();
    if (objectives.hasPairMlm() && objectives.hasMaskedLm()) {
      MaskedLm mlm = objectives.getMaskedLm();
      PairMaskedLm.Builder pair = builder.getObjectivesBuilder().getPairMlmBuilder();
      if (!pair.hasRate()) {
        pair.setRate(mlm.getRate());
      }
      if (!pair.hasMaskShare()) {
        pair.setMaskShare(mlm.getMaskShare());
      }
      if (!pair.hasRandomShare()) {
        pair.setRandomShare(mlm.getRandomShare());
      }
      if (!pair.hasMaxPredictions()) {
        pair.setMaxPredictions(mlm.getMaxPredictions());
      }
      if (!pair.hasWholeWord()) {
        pair.setWholeWord(mlm.getWholeWord());
      }
    }
    return builder.build();
  }

  private static ModelSpecProto oneToTwo(ModelSpecProto spec) {
    ModelSpecProto.Builder builder = spec.toBuilder().setFormatVersion(2);
    if (spec.getCompile().hasXla()) {
      Compile.Builder compile = builder.getCompileBuilder();
      if (!compile.hasXlaMode()) {
        compile.setXlaMode(compile.getXla() ? Compile.XlaMode.AUTO : Compile.XlaMode.OFF);
      }
      compile.clearXla();
    }
    Cmcl cmcl = spec.getObjectives().getCmcl();
    if (cmcl.hasPooling()) {
      if (!spec.getEncoder().hasPooling()) {
        builder.getEncoderBuilder().setPooling(cmcl.getPooling());
      }
      builder.getObjectivesBuilder().getCmclBuilder().clearPooling();
    }
    Training training = spec.getTraining();
    if (training.hasCheckpointEvery() || training.hasKeepCheckpoints()) {
      builder.getTrainingBuilder().clearCheckpointEvery().clearKeepCheckpoints();
    }
    return builder.build();
  }

  /** The dotted paths of every retired (deprecated) field that {@code message} sets. */
  static List<String> retiredFields(Message message) {
    List<String> paths = new ArrayList<>();
    collectRetired(message, "", paths);
    return paths;
  }

  private static void collectRetired(Message message, String prefix, List<String> paths) {
    for (var entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      String path = prefix + field.getName();
      if (isRetired(field)) {
        paths.add(path);
      } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()) {
        collectRetired((Message) entry.getValue(), path + ".", paths);
      }
    }
  }

  /** Whether a format version retired {@code field} (it is kept only so that old configs parse). */
  static boolean isRetired(FieldDescriptor field) {
    return field.getOptions().getDeprecated();
  }
}
