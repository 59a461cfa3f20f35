package org.unimo.tasks.finetune.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers a VQA classifier chooses from, built from training annotations, and each question's
 * soft target scores over them.
 *
 * <p>{@link #build} counts each annotated question's {@code multiple_choice_answer} (one per
 * question, normalized as {@link VqaV2#normalize} does), keeps the answers counted at least {@code
 * minCount} times, orders them by count, most frequent first, then by text ({@link
 * String#compareTo}) among equal counts, and keeps the first {@code maxSize}. The order is the
 * index: the same annotations give the same vocabulary on every machine. UNIMO and VL-BERT take
 * bottom-up attention's 3129 answers, which are those counted at least 9 times in VQA v2's train
 * and val annotations: {@code build(trainAndVal, 9, 3129)}.
 *
 * <p>{@link #targets} gives the soft scores, {@link VqaV2#scores} restricted to the vocabulary:
 * {@code score(a) = min(1, n(a) / 3)} with {@code n(a)} the number of annotators whose normalized
 * answer is {@code a}. Answers outside the vocabulary get no target, so a question whose answers
 * are all outside has none; whether to train on it is the caller's choice.
 *
 * <pre>{@code
 * VqaAnswerVocabulary vocabulary = VqaAnswerVocabulary.build(train, 9, 3129);
 * float[] target = vocabulary.dense(train.get(0)); // [vocabulary.size()]
 * }</pre>
 */
public final class VqaAnswerVocabulary {
  private final List<String> answers;
  private final List<Integer> counts;
  private final Map<String, Integer> index;

  private VqaAnswerVocabulary(List<String> answers, List<Integer> counts) {
    this.answers = List.copyOf(answers);
    this.counts = List.copyOf(counts);
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < answers.size(); i++) {
      positions.put(answers.get(i), i);
    }
    this.index = Map.copyOf(positions);
  }

  /** One answer's soft target score. */
  public record Target(int index, float score) {}

  /**
   * The vocabulary of {@code training}'s annotated questions; unannotated ones are ignored.
   *
   * @param minCount the fewest questions an answer must be the multiple-choice answer of (at
   *     least 1)
   * @param maxSize the most answers kept (at least 1)
   * @throws IllegalArgumentException if no answer is counted {@code minCount} times
   */
  public static VqaAnswerVocabulary build(Collection<VqaExample> training, int minCount, int maxSize) {
    if (minCount < 1 || maxSize < 1) {
      throw new IllegalArgumentException("minCount " + minCount + " and maxSize " + maxSize + " must be at least 1");
    }
    Map<String, Integer> counts = new HashMap<>();
    for (VqaExample example : training) {
      String answer = example.multipleChoiceAnswer();
      if (answer != null) {
        counts.merge(answer, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> kept = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      if (entry.getValue() >= minCount) {
        kept.add(entry);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(
          "no answer is the multiple-choice answer of " + minCount + " or more of the " + training.size() + " questions");
    }
    kept.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    List<Map.Entry<String, Integer>> top = kept.subList(0, Math.min(maxSize, kept.size()));
    return new VqaAnswerVocabulary(top.stream().map(Map.Entry::getKey).toList(), top.stream().map(Map.Entry::getValue).toList());
  }

  /** The answers, in index order. */
  public List<String> answers() {
    return answers;
  }

  /** How many questions each answer was counted for, in index order. */
  public List<Integer> counts() {
    return counts;
  }

  public int size() {
    return answers.size();
  }

  /** The index of {@code answer} (normalized first), or -1 when it is not in the vocabulary. */
  public int indexOf(String answer) {
    return index.getOrDefault(VqaV2.normalize(answer), -1);
  }

  /** The soft scores of {@code example}'s answers in the vocabulary, by index; empty for none. */
  public List<Target> targets(VqaExample example) {
    List<Target> targets = new ArrayList<>();
    VqaV2.scores(example).forEach((answer, score) -> {
      Integer i = index.get(answer);
      if (i != null) {
        targets.add(new Target(i, score));
      }
    });
    targets.sort(Comparator.comparingInt(Target::index));
    return List.copyOf(targets);
  }

  /** {@link #targets} as a vector of {@link #size()} scores, zero for the other answers. */
  public float[] dense(VqaExample example) {
    return dense(targets(example));
  }

  /** {@code targets} (as {@link #targets} gives them) as a vector of {@link #size()} scores, zero for the other answers. */
  public float[] dense(List<Target> targets) {
    float[] dense = new float[answers.size()];
    for (Target target : targets) {
      dense[target.index()] = target.score();
    }
    return dense;
  }

  @Override
  public String toString() {
    return "VqaAnswerVocabulary[" + answers.size() + " answers]";
  }
}
