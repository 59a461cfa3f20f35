package org.unimo.graph.objectives.mlm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.unimo.dsl.TokenMasking;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.graph.objective.Draws;
import org.unimo.graph.TextBatch;

/**
 * BERT's masking: choose {@code rate} of the subwords (at least one, at most {@code
 * max_predictions}); replace {@code mask_share} of them by [MASK], {@code random_share} by a random
 * subword, keep the rest; predict the originals. Special tokens are never chosen.
 */
public final class TokenMasker {
  private final TokenMasking config;
  private final int vocabSize;
  private final Tokenizer tokenizer;

  /**
   * @param tokenizer its special ids are never chosen; its word starts group subwords for
   *     whole-word masking
   */
  public TokenMasker(TokenMasking config, int vocabSize, Tokenizer tokenizer) {
    this.config = config;
    this.vocabSize = vocabSize;
    this.tokenizer = tokenizer;
  }

  /** Masks a batch of {@code [CLS] ... [SEP]} rows, row {@code b} with {@code draws.example(b)}. */
  public MaskedLmBatch mask(TextBatch clean, Draws draws) {
    int size = clean.size();
    int length = clean.maxLength();
    int maxPredictions = config.maxPredictions();
    int[] ids = clean.tokenIds().clone();
    int[] positions = new int[size * maxPredictions];
    int[] labels = new int[size * maxPredictions];
    float[] weights = new float[size * maxPredictions];
    for (int b = 0; b < size; b++) {
      SplittableRandom random = draws.example(b);
      List<Integer> candidates = new ArrayList<>();
      for (int t = 0; t < length; t++) {
        int id = ids[b * length + t];
        if (clean.mask()[b * length + t] > 0 && !tokenizer.specials().isSpecial(id)) {
          candidates.add(t);
        }
      }
      if (candidates.isEmpty()) {
        continue;
      }
      int chosen =
          Math.min(maxPredictions, Math.max(1, Math.round(config.rate() * candidates.size())));
      List<Integer> picked = config.wholeWord()
          ? pickWords(candidates, ids, b * length, chosen, random)
          : pickSubwords(candidates, chosen, random);
      picked.sort(null);
      for (int p = 0; p < picked.size(); p++) {
        int t = picked.get(p);
        int slot = b * maxPredictions + p;
        positions[slot] = t;
        labels[slot] = ids[b * length + t];
        weights[slot] = 1f;
        double draw = random.nextDouble();
        if (draw < config.maskShare()) {
          ids[b * length + t] = tokenizer.specials().mask();
        } else if (draw < config.maskShare() + config.randomShare()) {
          ids[b * length + t] = tokenizer.specials().randomRegular(random, vocabSize);
        }
      }
    }
    return new MaskedLmBatch(
        new TextBatch(ids, clean.mask(), size, length), positions, labels, weights, maxPredictions);
  }

  /** {@code chosen} distinct positions by a partial Fisher-Yates shuffle. */
  private static List<Integer> pickSubwords(List<Integer> candidates, int chosen, SplittableRandom random) {
    shuffle(candidates, chosen, random);
    return new ArrayList<>(candidates.subList(0, chosen));
  }

  /**
   * Whole words in random order until {@code chosen} subwords are reached (a word that would
   * overshoot is skipped); at least one word, cut to {@code max_predictions} if it is longer.
   */
  private List<Integer> pickWords(
      List<Integer> candidates, int[] ids, int rowStart, int chosen, SplittableRandom random) {
    List<List<Integer>> words = new ArrayList<>();
    int previous = -2;
    for (int t : candidates) {
      boolean continues = t == previous + 1 && !tokenizer.startsWord(ids[rowStart + t]);
      if (!continues) {
        words.add(new ArrayList<>());
      }
      words.get(words.size() - 1).add(t);
      previous = t;
    }
    shuffle(words, words.size(), random);
    List<Integer> picked = new ArrayList<>();
    for (List<Integer> word : words) {
      if (picked.size() + word.size() <= chosen) {
        picked.addAll(word);
      }
    }
    if (picked.isEmpty()) {
      List<Integer> first = words.get(0);
      picked.addAll(first.subList(0, Math.min(first.size(), config.maxPredictions())));
    }
    return picked;
  }

  private static <T> void shuffle(List<T> items, int prefix, SplittableRandom random) {
    for (int i = 0; i < prefix; i++) {
      int j = i + random.nextInt(items.size() - i);
      T swap = items.get(i);
      items.set(i, items.get(j));
      items.set(j, swap);
    }
  }
}
