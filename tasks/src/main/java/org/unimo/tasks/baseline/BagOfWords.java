package org.unimo.tasks.baseline;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Bag-of-words baselines for text classification (and, for a scored task like STS-B, regression):
 * what a text classifier reaches without pre-training, to report beside a fine-tuned model.
 *
 * <p>A text is its words: maximal runs of letters and digits ({@link
 * Character#isLetterOrDigit(int)}, any script), lowercased; everything else separates words
 * ({@code "Don't e-mail $3.50!"} is {@code don, t, e, mail, 3, 50}). For a text pair (MNLI's
 * premise and hypothesis) the second text's words are prefixed with {@code "b:"}, so that a word
 * in the hypothesis is a different feature from the same word in the premise. The vocabulary comes
 * from the training texts only: the words occurring at least {@link Options#minCount()} times in
 * all of them, the most frequent first, at most {@link Options#maxVocabulary()}; other words are
 * ignored, in training and in prediction.
 *
 * <p>Two {@linkplain Method methods}: multinomial naive Bayes over word counts, with add-one
 * (Laplace) smoothing, in closed form; and logistic regression (softmax over the classes) over
 * binary or tf-idf features with an L2 penalty, fitted by L-BFGS from zero weights. Both are
 * deterministic: the same texts, labels and options give the same model, bit for bit.
 *
 * <pre>{@code
 * BagOfWords.Model model =
 *     BagOfWords.train(texts, null, labels, 2, BagOfWords.Method.LOGISTIC_REGRESSION, BagOfWords.Options.defaults());
 * int label = model.predict("Cheap meds, no prescription!", null);
 * double[] p = model.probabilities("Re: the meeting on Tuesday", null);
 *
 * BagOfWords.Model mnli = BagOfWords.train(premises, hypotheses, labels, 3, BagOfWords.Method.NAIVE_BAYES,
 *     BagOfWords.Options.builder().minCount(1).maxVocabulary(50_000).build());
 * }</pre>
 */
public final class BagOfWords {
  private BagOfWords() {}

  /** How a {@link Model} is fitted. */
  public enum Method {
    /**
     * Multinomial naive Bayes over word counts: the class maximizing {@code log P(c) + sum_w n_w
     * log P(w | c)}, {@code P(c)} the class's share of the training texts, {@code P(w | c) = (N_cw +
     * a) / (N_c + a V)} ({@link Options#smoothing()} a, 1 by default: Laplace). {@link
     * Options#features()}, {@link Options#l2()} and the iteration settings do not apply.
     */
    NAIVE_BAYES,
    /**
     * Logistic regression, softmax over the classes, over {@link Options#features()}: the mean
     * cross-entropy plus {@code l2 / 2 ||W||^2} (biases unpenalized) minimized by L-BFGS from zero.
     */
    LOGISTIC_REGRESSION
  }

  /** The feature values of logistic and ridge regression (naive Bayes always counts words). */
  public enum Features {
    /** 1 for a word in the text, 0 otherwise. */
    BINARY,
    /**
     * The word's count times its smoothed inverse document frequency over the n training texts,
     * {@code ln((1 + n) / (1 + df)) + 1}, the text's vector then scaled to length 1 (as
     * scikit-learn's {@code TfidfVectorizer} does by default).
     */
    TF_IDF
  }

  /**
   * How to build the vocabulary and fit a model. Immutable; {@link #defaults()} or {@link
   * #builder()}.
   *
   * <pre>{@code
   * BagOfWords.Options options = BagOfWords.Options.builder().minCount(1).features(BagOfWords.Features.BINARY).build();
   * }</pre>
   *
   * @param minCount a word enters the vocabulary when it occurs at least this many times in all
   *     training texts together, at least 1 (default {@value #DEFAULT_MIN_COUNT})
   * @param maxVocabulary keep at most this many of those words, the most frequent (ties in {@link
   *     String} order); 0, the default, for no limit
   * @param features logistic and ridge regression's features (default {@link Features#TF_IDF})
   * @param l2 the L2 penalty on regression weights, {@code l2 / 2 ||W||^2} added to the mean loss,
   *     not negative (default {@value #DEFAULT_L2}, about scikit-learn's {@code C = 1} for 10,000
   *     texts)
   * @param smoothing naive Bayes' pseudo-count added to every word count, positive (default 1,
   *     Laplace's add-one)
   * @param iterations at most this many L-BFGS iterations, at least 1 (default {@value
   *     #DEFAULT_ITERATIONS})
   * @param tolerance L-BFGS stops once no component of the objective's gradient exceeds this in
   *     magnitude, not negative (default {@value #DEFAULT_TOLERANCE})
   */
  public record Options(
      int minCount, int maxVocabulary, Features features, double l2, double smoothing, int iterations, double tolerance) {
    public static final int DEFAULT_MIN_COUNT = 2;
    public static final double DEFAULT_L2 = 1e-4;
    public static final double DEFAULT_SMOOTHING = 1.0;
    public static final int DEFAULT_ITERATIONS = 1000;
    public static final double DEFAULT_TOLERANCE = 1e-5;

    public Options {
      requireNonNull(features, "features");
      if (minCount < 1) {
        throw new IllegalArgumentException("minCount: " + minCount + " is below 1");
      }
      if (maxVocabulary < 0) {
        throw new IllegalArgumentException("maxVocabulary: " + maxVocabulary + " is negative (0 for no limit)");
      }
      if (!(l2 >= 0) || Double.isInfinite(l2)) {
        throw new IllegalArgumentException("l2: " + l2 + " is not a finite number >= 0");
      }
      if (!(smoothing > 0) || Double.isInfinite(smoothing)) {
        throw new IllegalArgumentException("smoothing: " + smoothing + " is not a finite number > 0");
      }
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations: " + iterations + " is below 1");
      }
      if (!(tolerance >= 0)) {
        throw new IllegalArgumentException("tolerance: " + tolerance + " is not a number >= 0");
      }
    }

    /** Every field at its default. */
    public static Options defaults() {
      return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
      return new Builder()
          .minCount(minCount)
          .maxVocabulary(maxVocabulary)
          .features(features)
          .l2(l2)
          .smoothing(smoothing)
          .iterations(iterations)
          .tolerance(tolerance);
    }

    /** Builds {@link Options}; unset fields keep their defaults, {@link #build} checks them. */
    public static final class Builder {
      private int minCount = DEFAULT_MIN_COUNT;
      private int maxVocabulary;
      private Features features = Features.TF_IDF;
      private double l2 = DEFAULT_L2;
      private double smoothing = DEFAULT_SMOOTHING;
      private int iterations = DEFAULT_ITERATIONS;
      private double tolerance = DEFAULT_TOLERANCE;

      private Builder() {}

      public Builder minCount(int value) {
        minCount = value;
        return this;
      }

      public Builder maxVocabulary(int value) {
        maxVocabulary = value;
        return this;
      }

      public Builder features(Features value) {
        features = value;
        return this;
      }

      public Builder l2(double value) {
        l2 = value;
        return this;
      }

      public Builder smoothing(double value) {
        smoothing = value;
        return this;
      }

      public Builder iterations(int value) {
        iterations = value;
        return this;
      }

      public Builder tolerance(double value) {
        tolerance = value;
        return this;
      }

      public Options build() {
        return new Options(minCount, maxVocabulary, features, l2, smoothing, iterations, tolerance);
      }
    }
  }

  /**
   * A trained classifier. Immutable and safe to share between threads.
   *
   * <pre>{@code
   * int[] predicted = model.predict(validationTexts, null);
   * System.out.println(model + ": " + model.losses().size() + " losses, converged " + model.converged());
   * }</pre>
   */
  public static final class Model {
    private final Method method;
    private final Options options;
    private final Featurizer featurizer;
    private final Linear linear;
    private final boolean pairs;

    private Model(Method method, Options options, Featurizer featurizer, Linear linear, boolean pairs) {
      this.method = method;
      this.options = options;
      this.featurizer = featurizer;
      this.linear = linear;
      this.pairs = pairs;
    }

    public Method method() {
      return method;
    }

    public Options options() {
      return options;
    }

    /** How many classes the model chooses from. */
    public int classes() {
      return linear.bias().length;
    }

    /** Whether the model reads text pairs (it was trained with second texts). */
    public boolean pairs() {
      return pairs;
    }

    /** The vocabulary in feature order, the most frequent word first; second texts' words start with {@code "b:"}. */
    public List<String> vocabulary() {
      return featurizer.words();
    }

    /**
     * Logistic regression's objective (mean cross-entropy plus penalty) at the zero start, {@code
     * ln(classes)}, and after each L-BFGS iteration, never increasing; empty for naive Bayes.
     */
    public List<Double> losses() {
      return linear.losses();
    }

    /** False when logistic regression ran out of {@link Options#iterations()} before reaching the tolerance. */
    public boolean converged() {
      return linear.converged();
    }

    /**
     * The probability of each class, summing to 1.
     *
     * @param second the pair's second text: given exactly when the model was trained on pairs
     */
    public double[] probabilities(String text, @Nullable String second) {
      double[] scores = scores(text, second);
      double logSum = Softmax.logSumExp(scores);
      double[] p = new double[scores.length];
      for (int c = 0; c < p.length; c++) {
        p[c] = Math.exp(scores[c] - logSum);
      }
      return p;
    }

    /** The most probable class; of equally probable ones, the lowest. */
    public int predict(String text, @Nullable String second) {
      double[] scores = scores(text, second);
      int best = 0;
      for (int c = 1; c < scores.length; c++) {
        if (scores[c] > scores[best]) {
          best = c;
        }
      }
      return best;
    }

    /** {@link #predict(String, String)} for each text (and second text, when the model reads pairs). */
    public int[] predict(List<String> texts, @Nullable List<String> seconds) {
      checkSeconds(texts, seconds);
      int[] predicted = new int[texts.size()];
      for (int i = 0; i < predicted.length; i++) {
        predicted[i] = predict(texts.get(i), seconds == null ? null : seconds.get(i));
      }
      return predicted;
    }

    private double[] scores(String text, @Nullable String second) {
      checkPair(pairs, second);
      return linear.scores(featurizer.vector(Words.of(text, second)));
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "BagOfWords.Model[%s, %d classes, %d words%s]", method, classes(), vocabulary().size(), pairs ? ", pairs" : "");
    }
  }

  /**
   * A trained ridge regression, for a scored task such as STS-B. Immutable and safe to share
   * between threads.
   */
  public static final class Ridge {
    private final Options options;
    private final Featurizer featurizer;
    private final Linear linear;
    private final boolean pairs;

    private Ridge(Options options, Featurizer featurizer, Linear linear, boolean pairs) {
      this.options = options;
      this.featurizer = featurizer;
      this.linear = linear;
      this.pairs = pairs;
    }

    public Options options() {
      return options;
    }

    /** Whether the model reads text pairs (it was trained with second texts). */
    public boolean pairs() {
      return pairs;
    }

    /** The vocabulary in feature order; second texts' words start with {@code "b:"}. */
    public List<String> vocabulary() {
      return featurizer.words();
    }

    /** The objective (half the mean squared error plus penalty) at the start and after each L-BFGS iteration. */
    public List<Double> losses() {
      return linear.losses();
    }

    /** False when L-BFGS ran out of {@link Options#iterations()} before reaching the tolerance. */
    public boolean converged() {
      return linear.converged();
    }

    /**
     * The predicted score.
     *
     * @param second the pair's second text: given exactly when the model was trained on pairs
     */
    public double predict(String text, @Nullable String second) {
      checkPair(pairs, second);
      return linear.scores(featurizer.vector(Words.of(text, second)))[0];
    }

    /** {@link #predict(String, String)} for each text (and second text, when the model reads pairs). */
    public double[] predict(List<String> texts, @Nullable List<String> seconds) {
      checkSeconds(texts, seconds);
      double[] predicted = new double[texts.size()];
      for (int i = 0; i < predicted.length; i++) {
        predicted[i] = predict(texts.get(i), seconds == null ? null : seconds.get(i));
      }
      return predicted;
    }
  }

  /**
   * Trains a classifier.
   *
   * @param texts the training texts (the first of each pair)
   * @param seconds the pairs' second texts, one per text, or null for single texts
   * @param labels each text's class, in {@code [0, classes)}; a class with no text is allowed
   *     (naive Bayes never predicts it)
   * @param classes how many classes, at least 2
   * @throws IllegalArgumentException for mismatched lengths, a label out of range, no texts, or no
   *     word frequent enough for the vocabulary
   */
  public static Model train(
      List<String> texts, @Nullable List<String> seconds, int[] labels, int classes, Method method, Options options) {
    checkSeconds(texts, seconds);
    if (texts.size() != labels.length) {
      throw new IllegalArgumentException(texts.size() + " texts for " + labels.length + " labels");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes: " + classes + " is below 2");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("labels[" + i + "]: " + labels[i] + " is not in [0, " + classes + ")");
      }
    }
    List<List<String>> documents = documents(texts, seconds);
    return switch (method) {
      case NAIVE_BAYES -> {
        Featurizer counts = Featurizer.fit(documents, options.minCount(), options.maxVocabulary(), Featurizer.Weighting.COUNTS);
        Linear linear = NaiveBayes.fit(counts.vectors(documents), labels, classes, counts.size(), options.smoothing());
        yield new Model(method, options, counts, linear, seconds != null);
      }
      case LOGISTIC_REGRESSION -> {
        Featurizer features = Featurizer.fit(documents, options.minCount(), options.maxVocabulary(), weighting(options));
        Linear linear =
            Softmax.fit(
                features.vectors(documents), labels, classes, features.size(), options.l2(), options.iterations(), options.tolerance());
        yield new Model(method, options, features, linear, seconds != null);
      }
    };
  }

  /**
   * Trains a ridge regression of {@code targets} on {@link Options#features()}: the mean of half
   * the squared errors plus {@code l2 / 2 ||w||^2} (bias unpenalized), minimized by L-BFGS from
   * zero weights and the mean target as bias.
   *
   * <pre>{@code
   * BagOfWords.Ridge stsb = BagOfWords.trainRidge(firsts, seconds, scores, BagOfWords.Options.defaults());
   * double[] predicted = stsb.predict(devFirsts, devSeconds);
   * }</pre>
   *
   * @param seconds the pairs' second texts, one per text, or null for single texts
   * @throws IllegalArgumentException for mismatched lengths, no texts, a target that is not finite,
   *     or no word frequent enough for the vocabulary
   */
  public static Ridge trainRidge(List<String> texts, @Nullable List<String> seconds, double[] targets, Options options) {
    checkSeconds(texts, seconds);
    if (texts.size() != targets.length) {
      throw new IllegalArgumentException(texts.size() + " texts for " + targets.length + " targets");
    }
    for (int i = 0; i < targets.length; i++) {
      if (!Double.isFinite(targets[i])) {
        throw new IllegalArgumentException("targets[" + i + "]: " + targets[i] + " is not a finite number");
      }
    }
    List<List<String>> documents = documents(texts, seconds);
    Featurizer features = Featurizer.fit(documents, options.minCount(), options.maxVocabulary(), weighting(options));
    Linear linear =
        LeastSquares.fit(features.vectors(documents), targets, features.size(), options.l2(), options.iterations(), options.tolerance());
    return new Ridge(options, features, linear, seconds != null);
  }

  private static Featurizer.Weighting weighting(Options options) {
    return options.features() == Features.BINARY ? Featurizer.Weighting.BINARY : Featurizer.Weighting.TF_IDF;
  }

  private static List<List<String>> documents(List<String> texts, @Nullable List<String> seconds) {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no training texts");
    }
    List<List<String>> documents = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      documents.add(Words.of(texts.get(i), seconds == null ? null : seconds.get(i)));
    }
    return documents;
  }

  private static void checkSeconds(List<String> texts, @Nullable List<String> seconds) {
    if (seconds != null && seconds.size() != texts.size()) {
      throw new IllegalArgumentException(texts.size() + " texts for " + seconds.size() + " second texts");
    }
  }

  private static void checkPair(boolean pairs, @Nullable String second) {
    if (pairs && second == null) {
      throw new IllegalArgumentException("the model was trained on text pairs: give the second text");
    }
    if (!pairs && second != null) {
      throw new IllegalArgumentException("the model was trained on single texts: give no second text");
    }
  }
}
