package org.unimo.tasks.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.unimo.dsl.proto.MaskedLm;
import org.unimo.graph.MaskedLmBatch;
import org.unimo.graph.TextBatch;
import org.unimo.rewriting.tokenizer.SpecialTokens;

/**
 * BERT's masking: choose {@code rate} of the subwords (at least one, at most {@code
 * max_predictions}); replace {@code mask_share} of them by [MASK], {@code random_share} by a random
 * subword, keep the rest; predict the originals. Special tokens are never chosen.
 */
final class MlmMasker {
  private final MaskedLm config;
  private final int vocabSize;

  MlmMasker(MaskedLm config, int vocabSize) {
    this.config = config;
    this.vocabSize = vocabSize;
  }

  /** Masks a batch of {@code [CLS] ... [SEP]} rows drawn with {@code random}. */
  MaskedLmBatch mask(TextBatch clean, SplittableRandom random) {
    int size = clean.size();
    int length = clean.maxLength();
    int maxPredictions = config.getMaxPredictions();
    int[] ids = clean.tokenIds().clone();
    int[] positions = new int[size * maxPredictions];
    int[] labels = new int[size * maxPredictions];
    float[] weights = new float[size * maxPredictions];
    for (int b = 0; b < size; b++) {
      List<Integer> candidates = new ArrayList<>();
      for (int t = 0; t < length; t++) {
        int id = ids[b * length + t];
        if (clean.mask()[b * length + t] > 0 && !SpecialTokens.isSpecial(id)) {
          candidates.add(t);
        }
      }
      if (candidates.isEmpty()) {
        continue;
      }
      int chosen =
          Math.min(maxPredictions, Math.max(1, Math.round(config.getRate() * candidates.size())));
      // A partial Fisher-Yates shuffle picks `chosen` distinct positions.
      for (int i = 0; i < chosen; i++) {
        int j = i + random.nextInt(candidates.size() - i);
        Integer swap = candidates.get(i);
        candidates.set(i, candidates.get(j));
        candidates.set(j, swap);
      }
      List<Integer> picked = new ArrayList<>(candidates.subList(0, chosen));
      picked.sort(null);
      for (int p = 0; p < picked.size(); p++) {
        int t = picked.get(p);
        int slot = b * maxPredictions + p;
        positions[slot] = t;
        labels[slot] = ids[b * length + t];
        weights[slot] = 1f;
        double draw = random.nextDouble();
        if (draw < config.getMaskShare()) {
          ids[b * length + t] = SpecialTokens.MASK;
        } else if (draw < config.getMaskShare() + config.getRandomShare()) {
          ids[b * length + t] = SpecialTokens.COUNT + random.nextInt(vocabSize - SpecialTokens.COUNT);
        }
      }
    }
    return new MaskedLmBatch(
        new TextBatch(ids, clean.mask(), size, length), positions, labels, weights, maxPredictions);
  }
}
