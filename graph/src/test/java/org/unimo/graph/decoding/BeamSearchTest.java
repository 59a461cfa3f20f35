package org.unimo.graph.decoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.unimo.dsl.DecodingSpec;

/**
 * Greedy and beam search on models with hand-set next-token distributions. Ids: 0 [PAD], 1 [CLS],
 * 2 [SEP] (the end token), 3 [MASK], 4 [UNK]; words from 5 on.
 */
class BeamSearchTest {
  private static final int END = 2;
  private static final int[] SPECIALS = {0, 1, 2, 3, 4};
  private static final int A = 5;
  private static final int B = 6;
  private static final int C = 7;
  private static final int D = 8;
  private static final int VOCAB = 9;

  /** A model whose next-token probabilities depend on the prefix, as a table of probabilities (missing prefixes: uniform). */
  private static StepScorer table(Map<String, double[]> probabilities) {
    return scorer(prefix -> probabilities.get(Arrays.toString(prefix)));
  }

  private static StepScorer scorer(Function<int[], double[]> probabilities) {
    return (inputs, prefixes) -> {
      float[][] out = new float[prefixes.size()][];
      for (int r = 0; r < out.length; r++) {
        double[] p = probabilities.apply(prefixes.get(r));
        out[r] = new float[VOCAB];
        for (int v = 0; v < VOCAB; v++) {
          out[r][v] = p == null ? (float) Math.log(1.0 / VOCAB) : (float) Math.log(p[v]);
        }
      }
      return out;
    };
  }

  /** A distribution over the vocabulary: the given words and end token, the rest of the mass spread over the others. */
  private static double[] dist(int[] ids, double[] p) {
    double[] out = new double[VOCAB];
    double rest = 1;
    for (double x : p) {
      rest -= x;
    }
    int others = VOCAB - ids.length;
    Arrays.fill(out, rest / others);
    for (int i = 0; i < ids.length; i++) {
      out[ids[i]] = p[i];
    }
    return out;
  }

  private static List<Generated> decode(StepScorer scorer, DecodingSpec settings, int room) {
    return new BeamSearch(settings, END, SPECIALS).decode(scorer, new int[] {room});
  }

  @Test
  void beamSearchFindsTheSequenceGreedyDecodingMisses() {
    // A is likelier first (0.5 vs 0.4), but every continuation of A is spread thin, while B is
    // almost surely followed by C and the end: p(B C end) = 0.4 * 0.9 * 0.9 = 0.324 beats any
    // text through A (at most 0.5 * 0.3 * 1 = 0.15).
    Map<String, double[]> model = new HashMap<>();
    model.put("[]", dist(new int[] {A, B}, new double[] {0.5, 0.4}));
    model.put("[5]", dist(new int[] {C, D, END}, new double[] {0.3, 0.3, 0.25}));
    model.put("[5, 7]", dist(new int[] {END}, new double[] {0.99}));
    model.put("[5, 8]", dist(new int[] {END}, new double[] {0.99}));
    model.put("[6]", dist(new int[] {C}, new double[] {0.9}));
    model.put("[6, 7]", dist(new int[] {END}, new double[] {0.9}));
    StepScorer scorer = table(model);

    Generated greedy = decode(scorer, DecodingSpec.GREEDY, 10).get(0);
    Generated beam = decode(scorer, DecodingSpec.GREEDY.withBeamSize(2), 10).get(0);

    assertThat(greedy.tokens()).containsExactly(A, C);
    assertThat(beam.tokens()).containsExactly(B, C);
    assertThat(beam.ended()).isTrue();
    assertThat(beam.logProb()).isCloseTo(Math.log(0.4 * 0.9 * 0.9), within(1e-5));
    assertThat(beam.logProb()).isGreaterThan(greedy.logProb());
  }

  @Test
  void beamOfOneIsGreedyDecodingWhateverTheSettings() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      long seed = random.nextLong();
      // A random model: the distribution after a prefix is drawn from the prefix and the seed.
      StepScorer scorer = scorer(prefix -> randomDistribution(seed, prefix));
      DecodingSpec settings =
          new DecodingSpec(1, random.nextInt(3) * 0.5f, random.nextInt(3), random.nextInt(2) * (3 + random.nextInt(6)), random.nextInt(3));
      int[] room = {4 + random.nextInt(8), 2 + random.nextInt(8), 6};
      BeamSearch search = new BeamSearch(settings, END, SPECIALS);
      List<Generated> greedy = search.greedy(scorer, room);
      List<Generated> beam = search.beam(scorer, room);
      for (int i = 0; i < room.length; i++) {
        assertThat(beam.get(i).tokens()).as("trial %d input %d %s", trial, i, settings).containsExactly(greedy.get(i).tokens());
        assertThat(beam.get(i).logProb()).isEqualTo(greedy.get(i).logProb());
        assertThat(beam.get(i).ended()).isEqualTo(greedy.get(i).ended());
      }
    }
  }

  private static double[] randomDistribution(long seed, int[] prefix) {
    SplittableRandom random = new SplittableRandom(seed ^ Arrays.hashCode(prefix) * 0x9E3779B97F4A7C15L);
    double[] p = new double[VOCAB];
    double sum = 0;
    for (int v = 0; v < VOCAB; v++) {
      p[v] = Math.pow(random.nextDouble(), 3) + 1e-3;
      sum += p[v];
    }
    for (int v = 0; v < VOCAB; v++) {
      p[v] /= sum;
    }
    return p;
  }

  @Test
  void lengthPenaltyFavoursTheLongerTextAsItGrows() {
    // "A end" has probability 0.4 * 0.9 = 0.36; "B C D end" 0.3 * 0.9 * 0.9 * 0.9 = 0.2187.
    Map<String, double[]> model = new HashMap<>();
    model.put("[]", dist(new int[] {A, B}, new double[] {0.4, 0.3}));
    model.put("[5]", dist(new int[] {END}, new double[] {0.9}));
    model.put("[6]", dist(new int[] {C}, new double[] {0.9}));
    model.put("[6, 7]", dist(new int[] {D}, new double[] {0.9}));
    model.put("[6, 7, 8]", dist(new int[] {END}, new double[] {0.9}));
    StepScorer scorer = table(model);
    DecodingSpec beam = DecodingSpec.GREEDY.withBeamSize(3);

    Generated plain = decode(scorer, beam, 10).get(0);
    Generated penalized = decode(scorer, beam.withLengthPenalty(2f), 10).get(0);

    assertThat(plain.tokens()).containsExactly(A);
    assertThat(plain.score()).isEqualTo(plain.logProb());
    // alpha = 2: log(0.36) / (7/6)^2 = -0.7506 against log(0.2187) / (9/6)^2 = -0.6755.
    assertThat(penalized.tokens()).containsExactly(B, C, D);
    assertThat(penalized.score()).isCloseTo(Math.log(0.3 * 0.9 * 0.9 * 0.9) / Math.pow(9.0 / 6.0, 2), within(1e-5));
  }

  @Test
  void noRepeatNgramForbidsRepeatingAnNgram() {
    // A model that loves "A B A B A B ...".
    StepScorer scorer =
        scorer(prefix -> prefix.length == 0 || prefix[prefix.length - 1] == B
            ? dist(new int[] {A, C}, new double[] {0.8, 0.1})
            : dist(new int[] {B, D}, new double[] {0.8, 0.1}));
    DecodingSpec settings = DecodingSpec.GREEDY.withMaxLength(6);

    assertThat(decode(scorer, settings, 20).get(0).tokens()).containsExactly(A, B, A, B, A, B);
    // Bigrams: after "A B", A would repeat "B A"? No: "B A" is new; then "A B" again is forbidden.
    int[] twoGrams = decode(scorer, settings.withNoRepeatNgramSize(2), 20).get(0).tokens();
    assertThat(twoGrams).startsWith(A, B, A, D);
    assertThat(distinctNgrams(twoGrams, 2)).isEqualTo(twoGrams.length - 1);
    // Unigrams: no token twice.
    int[] oneGrams = decode(scorer, settings.withNoRepeatNgramSize(1), 20).get(0).tokens();
    assertThat(oneGrams).doesNotHaveDuplicates();
    for (int beam : new int[] {2, 3}) {
      int[] beamed = decode(scorer, settings.withNoRepeatNgramSize(3).withBeamSize(beam), 20).get(0).tokens();
      assertThat(distinctNgrams(beamed, 3)).isEqualTo(beamed.length - 2);
    }
  }

  private static int distinctNgrams(int[] tokens, int n) {
    List<String> grams = new ArrayList<>();
    for (int i = 0; i + n <= tokens.length; i++) {
      grams.add(Arrays.toString(Arrays.copyOfRange(tokens, i, i + n)));
    }
    return (int) grams.stream().distinct().count();
  }

  @Test
  void minimumAndMaximumLengthBoundTheText() {
    // The end token is the likeliest at every step.
    StepScorer scorer = scorer(prefix -> dist(new int[] {END, A}, new double[] {0.6, 0.2}));

    assertThat(decode(scorer, DecodingSpec.GREEDY, 10).get(0).tokens()).isEmpty();
    for (int beam : new int[] {1, 3}) {
      Generated three = decode(scorer, new DecodingSpec(beam, 0f, 3, 0, 0), 10).get(0);
      assertThat(three.tokens()).containsExactly(A, A, A);
      assertThat(three.ended()).isTrue();
    }
    // A model that never ends stops at the maximum length, or at the room the input leaves.
    StepScorer endless = scorer(prefix -> dist(new int[] {A, END}, new double[] {0.9, 0.0}));
    Generated capped = decode(endless, DecodingSpec.GREEDY.withMaxLength(4), 10).get(0);
    assertThat(capped.tokens()).containsExactly(A, A, A, A);
    assertThat(capped.ended()).isFalse();
    assertThat(decode(endless, DecodingSpec.GREEDY.withBeamSize(2), 3).get(0).tokens()).hasSize(3);
  }

  @Test
  void specialTokensOtherThanTheEndAreNeverGenerated() {
    StepScorer scorer = scorer(prefix -> prefix.length < 2 ? dist(new int[] {1, 3, 0, A, END}, new double[] {0.3, 0.3, 0.3, 0.095, 0.001}) : dist(new int[] {END}, new double[] {0.9}));
    for (int beam : new int[] {1, 2}) {
      assertThat(decode(scorer, DecodingSpec.GREEDY.withBeamSize(beam), 10).get(0).tokens()).containsExactly(A, A);
    }
  }

  @Test
  void idsBeyondTheTokenizersVocabularyAreNeverGenerated() {
    // The model's likeliest token is D (id 8), which a tokenizer of 8 pieces does not have.
    StepScorer scorer = scorer(prefix -> prefix.length < 1 ? dist(new int[] {D, C}, new double[] {0.6, 0.2}) : dist(new int[] {END}, new double[] {0.9}));
    for (int beam : new int[] {1, 2}) {
      assertThat(new BeamSearch(DecodingSpec.GREEDY.withBeamSize(beam), END, SPECIALS, 8).decode(scorer, new int[] {5}).get(0).tokens())
          .containsExactly(C);
    }
  }

  @Test
  void tiesGoToTheLowerTokenIdAndInputsDecodeIndependently() {
    StepScorer tie = scorer(prefix -> prefix.length == 0 ? dist(new int[] {D, C}, new double[] {0.45, 0.45}) : dist(new int[] {END}, new double[] {0.9}));
    for (int beam : new int[] {1, 2, 4}) {
      List<Generated> out = new BeamSearch(DecodingSpec.GREEDY.withBeamSize(beam), END, SPECIALS).decode(tie, new int[] {5, 5, 1});
      assertThat(out.get(0).tokens()).containsExactly(C);
      assertThat(out.get(1).tokens()).containsExactly(C);
      assertThat(out.get(2).tokens()).containsExactly(C);
    }
  }
}
