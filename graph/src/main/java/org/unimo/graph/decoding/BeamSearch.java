package org.unimo.graph.decoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.unimo.dsl.DecodingSpec;

/**
 * Greedy decoding and beam search over a {@link StepScorer}, with the settings of a {@link
 * DecodingSpec}. Both are deterministic: among equal scores the lower token id, then the earlier
 * hypothesis, wins.
 *
 * <p><b>The constraints</b>, applied to every step's log-probabilities before a token is chosen:
 *
 * <ul>
 *   <li>the banned tokens (the special tokens other than the end token), and the ids the
 *       tokenizer does not have (when it learnt fewer pieces than the model's vocabulary), are never
 *       generated;
 *   <li>the end token is forbidden while the text has fewer than {@code min_length} tokens;
 *   <li>with {@code no_repeat_ngram_size} n, a token is forbidden when it and the n - 1 tokens
 *       before it form an n-gram the text already holds;
 *   <li>a text that reaches its maximum length (the smaller of {@code max_length}, when set, and
 *       what the input's sequence leaves) stops without an end token.
 * </ul>
 *
 * <p><b>Greedy</b> ({@code beam_size} 1) appends the most likely allowed token until the end token.
 *
 * <p><b>Beam search</b> keeps up to K = {@code beam_size} hypotheses of equal length. At each step
 * every extension of every hypothesis is a candidate, scored by the sum of its tokens'
 * log-probabilities, and the K best candidates are taken: those that end are finished, the others
 * are the next step's hypotheses (so K = 1 is greedy decoding). A finished text of n tokens (its end
 * token counted) is ranked by {@code logProb / ((5 + n) / 6)^alpha}, GNMT's length penalty with
 * alpha = {@code length_penalty}. The search stops when no hypothesis is left, or when none can
 * still beat the best finished text: a hypothesis' log-probability only falls as it grows, so its
 * best possible rank is its log-probability over the largest penalty it could reach. The result is
 * the best finished text.
 *
 * <pre>{@code
 * BeamSearch search = new BeamSearch(new DecodingSpec(4, 0.6f, 1, 20, 3), specials.sep(), specials.all());
 * List<Generated> texts = search.decode(scorer, maxLengths);
 * }</pre>
 */
public final class BeamSearch {
  private final DecodingSpec settings;
  private final int end;
  private final int[] banned;
  private final int vocabulary;

  /**
   * @param end the end token's id ([SEP])
   * @param banned ids never generated (the other special tokens); the end token is ignored here
   * @param vocabulary ids from this one on are never generated: a tokenizer trained to fewer pieces
   *     than the model's vocabulary has no text for them
   */
  public BeamSearch(DecodingSpec settings, int end, int[] banned, int vocabulary) {
    if (settings.beamSize() < 1) {
      throw new IllegalArgumentException("beam size " + settings.beamSize() + " must be at least 1");
    }
    this.settings = settings;
    this.end = end;
    this.banned = Arrays.stream(banned).filter(id -> id != end).toArray();
    this.vocabulary = vocabulary;
  }

  /** A search over the whole of the model's vocabulary. */
  public BeamSearch(DecodingSpec settings, int end, int[] banned) {
    this(settings, end, banned, Integer.MAX_VALUE);
  }

  /** The settings decoded with. */
  public DecodingSpec settings() {
    return settings;
  }

  /**
   * Decodes inputs 0 to {@code room.length - 1}: greedily when the beam size is 1, else by beam
   * search.
   *
   * @param room per input, the most tokens its sequence leaves room for
   */
  public List<Generated> decode(StepScorer scorer, int[] room) {
    return settings.beamSize() == 1 ? greedy(scorer, room) : beam(scorer, room);
  }

  /** Greedy decoding of every input, whatever the beam size. */
  public List<Generated> greedy(StepScorer scorer, int[] room) {
    int inputs = room.length;
    int[][] prefixes = new int[inputs][0];
    double[] sums = new double[inputs];
    Generated[] results = new Generated[inputs];
    while (true) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < inputs; i++) {
        if (results[i] == null && prefixes[i].length >= maxLength(room[i])) {
          results[i] = finish(prefixes[i], false, sums[i]);
        } else if (results[i] == null) {
          rows.add(i);
        }
      }
      if (rows.isEmpty()) {
        return List.of(results);
      }
      float[][] logProbs = scorer.logProbs(rows.stream().mapToInt(Integer::intValue).toArray(), rows.stream().map(i -> prefixes[i]).toList());
      for (int r = 0; r < rows.size(); r++) {
        int i = rows.get(r);
        float[] scores = constrained(logProbs[r], prefixes[i]);
        int best = 0;
        for (int v = 1; v < scores.length; v++) {
          if (scores[v] > scores[best]) {
            best = v;
          }
        }
        if (scores[best] == Float.NEGATIVE_INFINITY) {
          results[i] = finish(prefixes[i], false, sums[i]);
          continue;
        }
        sums[i] += scores[best];
        if (best == end) {
          results[i] = finish(prefixes[i], true, sums[i]);
        } else {
          prefixes[i] = append(prefixes[i], best);
        }
      }
    }
  }

  /** A hypothesis of beam search: its tokens and their summed log-probability. */
  private record Hypothesis(int[] tokens, double sum) {}

  /** A candidate extension: hypothesis {@code from} of its input, token {@code token}. */
  private record Candidate(double sum, int from, int token) {
    /** Whether this ranks before {@code other}: higher sum, then lower token, then earlier hypothesis. */
    boolean before(Candidate other) {
      if (sum != other.sum) {
        return sum > other.sum;
      }
      return token != other.token ? token < other.token : from < other.from;
    }
  }

  /** Beam search of every input with the settings' beam size (1 decodes as {@link #greedy} does). */
  public List<Generated> beam(StepScorer scorer, int[] room) {
    int inputs = room.length;
    int k = settings.beamSize();
    List<List<Hypothesis>> live = new ArrayList<>();
    List<List<Generated>> finished = new ArrayList<>();
    boolean[] done = new boolean[inputs];
    for (int i = 0; i < inputs; i++) {
      live.add(List.of(new Hypothesis(new int[0], 0)));
      finished.add(new ArrayList<>());
    }
    for (int length = 0; ; length++) {
      List<Integer> rowInput = new ArrayList<>();
      List<int[]> rowPrefix = new ArrayList<>();
      for (int i = 0; i < inputs; i++) {
        if (done[i]) {
          continue;
        }
        if (length >= maxLength(room[i])) {
          for (Hypothesis h : live.get(i)) {
            finished.get(i).add(finish(h.tokens(), false, h.sum()));
          }
          done[i] = true;
          continue;
        }
        for (Hypothesis h : live.get(i)) {
          rowInput.add(i);
          rowPrefix.add(h.tokens());
        }
      }
      if (rowInput.isEmpty()) {
        break;
      }
      float[][] logProbs = scorer.logProbs(rowInput.stream().mapToInt(Integer::intValue).toArray(), rowPrefix);
      int row = 0;
      for (int i = 0; i < inputs; i++) {
        if (done[i]) {
          continue;
        }
        List<Hypothesis> hypotheses = live.get(i);
        Candidate[] best = new Candidate[k];
        for (int h = 0; h < hypotheses.size(); h++, row++) {
          Hypothesis hypothesis = hypotheses.get(h);
          float[] scores = constrained(logProbs[row], hypothesis.tokens());
          boolean any = false;
          for (int v = 0; v < scores.length; v++) {
            if (scores[v] != Float.NEGATIVE_INFINITY) {
              any = true;
              insert(best, new Candidate(hypothesis.sum() + scores[v], h, v));
            }
          }
          if (!any) {
            finished.get(i).add(finish(hypothesis.tokens(), false, hypothesis.sum()));
          }
        }
        List<Hypothesis> next = new ArrayList<>();
        for (Candidate c : best) {
          if (c == null) {
            break;
          }
          int[] tokens = hypotheses.get(c.from()).tokens();
          if (c.token() == end) {
            finished.get(i).add(finish(tokens, true, c.sum()));
          } else {
            next.add(new Hypothesis(append(tokens, c.token()), c.sum()));
          }
        }
        live.set(i, next);
        done[i] = next.isEmpty() || cannotImprove(finished.get(i), next, maxLength(room[i]));
      }
    }
    List<Generated> results = new ArrayList<>();
    for (List<Generated> texts : finished) {
      Generated best = texts.get(0);
      for (Generated g : texts) {
        if (g.score() > best.score()) {
          best = g;
        }
      }
      results.add(best);
    }
    return results;
  }

  /** Whether no live hypothesis can end ranked above the best finished text. */
  private boolean cannotImprove(List<Generated> finished, List<Hypothesis> live, int maxLength) {
    if (finished.isEmpty()) {
      return false;
    }
    double best = Double.NEGATIVE_INFINITY;
    for (Generated g : finished) {
      best = Math.max(best, g.score());
    }
    // Log-probabilities are <= 0: the best a hypothesis can reach is its sum over the largest penalty.
    double largest = penalty(maxLength + 1);
    for (Hypothesis h : live) {
      if (h.sum() / largest > best) {
        return false;
      }
    }
    return true;
  }

  /** Keeps {@code best} sorted, the K best candidates first. */
  private static void insert(Candidate[] best, Candidate candidate) {
    int last = best.length - 1;
    if (best[last] != null && !candidate.before(best[last])) {
      return;
    }
    int at = last;
    while (at > 0 && (best[at - 1] == null || candidate.before(best[at - 1]))) {
      at--;
    }
    System.arraycopy(best, at, best, at + 1, last - at);
    best[at] = candidate;
  }

  /** The step's log-probabilities with the forbidden tokens at minus infinity. */
  float[] constrained(float[] logProbs, int[] prefix) {
    float[] scores = logProbs.clone();
    if (vocabulary < scores.length) {
      Arrays.fill(scores, vocabulary, scores.length, Float.NEGATIVE_INFINITY);
    }
    for (int id : banned) {
      if (id >= 0 && id < scores.length) {
        scores[id] = Float.NEGATIVE_INFINITY;
      }
    }
    if (prefix.length < settings.minLength() && end < scores.length) {
      scores[end] = Float.NEGATIVE_INFINITY;
    }
    int n = settings.noRepeatNgramSize();
    if (n > 0 && prefix.length >= n - 1) {
      int start = prefix.length - (n - 1);
      // Each n-gram already in the text whose first n - 1 tokens are the text's last n - 1.
      for (int i = 0; i + n - 1 < prefix.length; i++) {
        boolean same = true;
        for (int j = 0; j < n - 1; j++) {
          if (prefix[i + j] != prefix[start + j]) {
            same = false;
            break;
          }
        }
        if (same) {
          scores[prefix[i + n - 1]] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    return scores;
  }

  private int maxLength(int room) {
    return settings.maxLength() > 0 ? Math.min(settings.maxLength(), room) : room;
  }

  private Generated finish(int[] tokens, boolean ended, double sum) {
    return new Generated(tokens, ended, sum, sum / penalty(tokens.length + (ended ? 1 : 0)));
  }

  /** GNMT's length penalty {@code ((5 + n) / 6)^alpha}. */
  double penalty(int n) {
    return settings.lengthPenalty() == 0 ? 1 : Math.pow((5.0 + n) / 6.0, settings.lengthPenalty());
  }

  private static int[] append(int[] tokens, int token) {
    int[] longer = Arrays.copyOf(tokens, tokens.length + 1);
    longer[tokens.length] = token;
    return longer;
  }
}
