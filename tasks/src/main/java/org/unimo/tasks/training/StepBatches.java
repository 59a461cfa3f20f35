package org.unimo.tasks.training;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.DataKind;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageExamples;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.PairBatch;
import org.unimo.graph.TextBatch;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.graph.objective.Draws;
import org.unimo.graph.objective.LabeledExamples;
import org.unimo.graph.objective.StepBatch;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.tasks.data.DataSource;

/**
 * Endless, seeded batches from a {@link DataSource}, one {@link StepBatch} per step, read ahead on
 * background threads.
 *
 * <p>Every kind of data is read through streams: {@code pairs} (images with one of their captions,
 * shared by every pair objective), {@code images} (images without text, shared by every image
 * objective), {@code text/NAME} (the text corpus, a stream per name an objective asks for) and
 * {@code labels/NAME} (a label set). A stream walks a permutation of its examples keyed on (seed,
 * stream, epoch), a new one each epoch, so no example appears twice in a batch. Which batch a
 * stream hands out next depends only on how many it handed out before ({@link Cursor}); every other
 * draw is keyed on (seed, purpose, step, example) ({@link Draws}). A resumed run continues exactly.
 *
 * <p>Because a stream's next batch is known in advance, it is read (and its texts tokenized) on a
 * background thread while the current step trains; what is read depends only on the indices, so
 * reading ahead changes no batch. Memory is bounded whatever the data's size: the examples of the
 * batches in flight, an epoch's order per stream (an int per example), and caches of tokenized
 * texts of at most {@value #CACHED} entries each.
 *
 * <p>In a data-parallel run each task assembles only its {@link TaskSlice} of every global batch:
 * its streams walk the same orders as one process's, batch for batch, and it reads, tokenizes and
 * draws for only its rows, each with the draws it has in the global batch ({@link Draws#slice}),
 * so the tasks' batches, concatenated in task order, are one process's batch, masks and sample
 * sets included. Their cursors are one process's too.
 */
public final class StepBatches implements AutoCloseable {
  /** Tokenized texts kept per cache: all of a small corpus (the shapes world's), a window of a large one. */
  static final int CACHED = 1 << 18;

  /** Threads reading ahead: reading and tokenizing one batch per stream is rarely slower than a step. */
  private static final int READERS = 2;

  private final DataSource source;
  private final Tokenizer tokenizer;
  private final int batchSize;
  private final TaskSlice slice;
  /** Rows of each global batch this task assembles, from row {@link #first} on. */
  private final int rows;
  private final int first;
  private final int textLength;
  private final @Nullable ImageSpec image;
  private final long seed;
  private final Map<String, Epochs> streams = new TreeMap<>();
  /** Streams restored before their first use start where the checkpoint left them. */
  private final Map<String, Long> restored = new HashMap<>();
  /** Tokenized texts, by (stream, index); tokenized captions by (pair, caption). Bounded: see {@link #CACHED}. */
  private final Cache<String, int[]> textIds = CacheBuilder.newBuilder().maximumSize(CACHED).build();
  private final Cache<Long, int[]> captionIds = CacheBuilder.newBuilder().maximumSize(CACHED).build();
  private final Map<String, DataSource.LabelSet> labelSets = new HashMap<>();
  private final PairBatch.@Nullable SampleSetSource sampleSets;
  /** The next batch of each stream, being read on a background thread. */
  private final Map<String, Ahead<?>> ahead = new HashMap<>();
  private final ExecutorService readers;
  /** Time the training loop spent waiting for examples (reading them itself, or for a reader). */
  private long waitNanos;

  /**
   * Every row of every batch: one process's run.
   *
   * @throws IllegalArgumentException if the data cannot serve the model's objectives, naming the
   *     field or label set
   */
  public StepBatches(CompiledModel model, DataSource source, Tokenizer tokenizer) {
    this(model, source, tokenizer, TaskSlice.whole());
  }

  /**
   * The rows {@code slice} assembles of every global batch.
   *
   * @throws IllegalArgumentException if the data cannot serve the model's objectives, naming the
   *     field or label set, or if {@code training.batch_size} does not divide among the tasks
   *     ({@link TaskSlice#rows})
   */
  public StepBatches(CompiledModel model, DataSource source, Tokenizer tokenizer, TaskSlice slice) {
    ModelSpec spec = model.spec();
    this.source = source;
    this.tokenizer = tokenizer;
    this.batchSize = spec.training().batchSize();
    this.slice = slice;
    this.rows = slice.rows(spec.training());
    this.first = slice.first(spec.training());
    this.textLength = spec.text().maxLength();
    this.image = spec.image().orElse(null);
    this.seed = spec.seed();
    check(model, source);
    PairBatch.SampleSetSource samples = null;
    for (CompiledModel.CompiledObjective objective : model.objectives()) {
      for (DataRequirement requirement : objective.requires()) {
        if (requirement instanceof DataRequirement.SampleSets sets) {
          samples = source.sampleSets(sets, tokenizer, textLength, seed);
        }
      }
    }
    this.sampleSets = samples;
    this.readers =
        Executors.newFixedThreadPool(
            READERS,
            new ThreadFactoryBuilder().setDaemon(true).setNameFormat("unimo-input-%d").build());
  }

  /** A batch of a stream being read ahead: which one, and the read. */
  private record Ahead<T>(long number, Future<T> read) {}

  /**
   * The next batch of {@code name}: its indices and what {@code read} makes of them, read ahead
   * when the previous call scheduled it; then schedules the batch after it.
   */
  @SuppressWarnings("unchecked")
  private <T> T next(String name, int size, Function<int[], T> read) {
    Epochs stream = stream(name, size);
    long number = stream.batches;
    int[] indices = stream.nextBatch();
    long start = System.nanoTime();
    Ahead<?> scheduled = ahead.remove(name);
    T value;
    if (scheduled != null && scheduled.number() == number) {
      value = (T) await(scheduled.read());
    } else {
      if (scheduled != null) {
        scheduled.read().cancel(false);
      }
      value = read.apply(indices);
    }
    waitNanos += System.nanoTime() - start;
    int[] following = stream.peek();
    ahead.put(name, new Ahead<>(number + 1, readers.submit(() -> read.apply(following))));
    return value;
  }

  private static Object await(Future<?> read) {
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the next batch", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * A SHA-256 of the tokenizer's pieces (kind, size, and every id's text): what the tasks of a
   * data-parallel run compare, since each builds or reads its tokenizer itself.
   */
  public String tokenizerFingerprint() {
    com.google.common.hash.Hasher hash = com.google.common.hash.Hashing.sha256().newHasher();
    hash.putString(tokenizer.kind(), java.nio.charset.StandardCharsets.UTF_8).putInt(tokenizer.vocabSize());
    for (int id = 0; id < tokenizer.vocabSize(); id++) {
      hash.putString(tokenizer.decode(new int[] {id}), java.nio.charset.StandardCharsets.UTF_8).putByte((byte) 0);
    }
    return hash.hash().toString();
  }

  /** Seconds the training loop has waited for examples so far: the input pipeline's cost. */
  public double waitSeconds() {
    return waitNanos / 1e9;
  }

  /** Stops the reading ahead. */
  @Override
  public void close() {
    readers.shutdownNow();
  }

  /**
   * Rejects data that cannot serve {@code model}'s objectives (too few examples of a kind, a
   * requirement it does not meet), naming the field; cheap, so a run checks it before anything
   * else.
   */
  public static void check(CompiledModel model, DataSource source) {
    ModelSpec spec = model.spec();
    int batchSize = spec.training().batchSize();
    checkFits(spec, source);
    // Heads read their label sets, checked below, not the data's pairs, images or corpus.
    List<DataKind> kinds =
        model.objectives().stream()
            .filter(o -> !(o.objective() instanceof org.unimo.graph.objective.Head))
            .map(CompiledModel.CompiledObjective::data)
            .distinct()
            .toList();
    if (kinds.contains(DataKind.PAIR) && source.pairs() < batchSize) {
      throw new IllegalArgumentException(
          "training.batch_size: " + batchSize + " exceeds the " + source.pairs() + " image-text pairs of the data");
    }
    if (kinds.contains(DataKind.IMAGE) && source.images() < batchSize) {
      throw new IllegalArgumentException(
          "training.batch_size: "
              + batchSize
              + " exceeds the data's "
              + source.images()
              + " images without text, which the image objectives train on");
    }
    for (CompiledModel.CompiledObjective objective : model.objectives()) {
      for (DataRequirement requirement : objective.requires()) {
        if (requirement instanceof DataRequirement.DetectorClasses classes
            && source.detectorClasses() == 0
            && source.images() > 0) {
          throw new IllegalArgumentException(
              classes.path() + ": masked region classification needs the detector's class distributions, and the data's"
                  + " images have none (the region-feature files' cls_prob column, docs/data-formats.md); add them,"
                  + " or leave the objective out");
        }
        if (requirement instanceof DataRequirement.DetectorClasses classes
            && classes.classes() != source.detectorClasses()) {
          throw new IllegalArgumentException(
              classes.path() + ": " + classes.classes() + " does not match the data's " + source.detectorClasses() + " detector classes");
        }
        if (requirement instanceof DataRequirement.LabelSet labels) {
          DataSource.LabelSet set =
              source
                  .labels(labels.name())
                  .orElseThrow(
                      () -> new IllegalArgumentException(
                          labels.path() + ": the data has no label set '" + labels.name() + "' (it has: "
                              + String.join(", ", source.labelSets()) + ")"));
          if (labels.classes() != DataRequirement.LabelSet.ANY && set.classes() != labels.classes()) {
            throw new IllegalArgumentException(
                labels.path() + ": label set '" + labels.name() + "' "
                    + (set.softTargets() ? "has " + set.classes() + " answers" : classes(set.classes())) + ", the head "
                    + (labels.classes() == 0 ? "regresses scores" : "declares " + labels.classes() + (labels.softTargets() ? " answers" : " classes")));
          }
          if (labels.images() && !set.images()) {
            throw new IllegalArgumentException(
                labels.path() + ": label set '" + labels.name() + "' has no images, and the head reads an image with each text");
          }
          if (labels.sourceTarget() != set.sourceTarget()) {
            throw new IllegalArgumentException(
                labels.path() + ": label set '" + labels.name() + "' "
                    + (set.sourceTarget() ? "pairs source texts with target texts, which a text_to_text head generates" : "has no target texts")
                    + ", and the head " + (labels.sourceTarget() ? "generates a target text from each source" : "does not generate text"));
          }
          if (labels.softTargets() != set.softTargets()) {
            throw new IllegalArgumentException(
                labels.path() + ": label set '" + labels.name() + "' "
                    + (set.softTargets() ? "scores every answer (VQA), which a vqa head reads" : "has one class per example, which the head cannot train on")
                    + ", and the head " + (labels.softTargets() ? "trains on soft answer scores" : "trains on one class per example"));
          }
        }
      }
    }
  }

  /** Rejects a spec whose image input does not match the data, naming the field. */
  public static void checkFits(ModelSpec spec, DataSource source) {
    checkFits(spec, source.featureSize(), "the data's");
  }

  /**
   * Rejects a spec whose image input does not match region features of {@code featureSize} and
   * 5-d boxes, naming the field; {@code data} names their owner in the message ("the data's").
   * Callable before the data exists, to fail before generating it.
   */
  public static void checkFits(ModelSpec spec, int featureSize, String data) {
    ImageSpec image = spec.image().orElse(null);
    if (image == null) {
      return;
    }
    if (image.featureSize() != featureSize) {
      throw new IllegalArgumentException(
          "image.feature_size: " + image.featureSize() + " does not match " + data + " " + featureSize + "-d region features");
    }
    if (image.boxFeatures() != 5) {
      throw new IllegalArgumentException("image.box_features: " + image.boxFeatures() + " does not match the data's 5-d boxes");
    }
  }

  /** Examples of each kind of a global batch: {@code training.batch_size}. */
  public int batchSize() {
    return batchSize;
  }

  /** The rows of every global batch these batches hold. */
  public TaskSlice slice() {
    return slice;
  }

  /**
   * How many batches each stream has handed out: with the seed, all that decides what comes next.
   * A checkpoint records it; {@link #restore} continues from it.
   */
  public record Cursor(Map<String, Long> batches) {
    public Cursor {
      batches = Map.copyOf(batches);
    }
  }

  /** Where the streams stand. */
  public Cursor cursor() {
    Map<String, Long> batches = new TreeMap<>();
    streams.forEach((name, stream) -> batches.put(name, stream.batches));
    return new Cursor(batches);
  }

  /** Continues every stream from {@code cursor}, as a resumed run does. */
  public void restore(Cursor cursor) {
    cursor.batches().forEach((name, n) -> restored.put(name, n));
    streams.forEach((name, stream) -> stream.batches = restored.getOrDefault(name, 0L));
  }

  private Epochs stream(String name, int size) {
    return streams.computeIfAbsent(
        name,
        n -> {
          Epochs epochs = new Epochs(size, batchSize, first, rows, seed, n);
          epochs.batches = restored.getOrDefault(n, 0L);
          return epochs;
        });
  }

  /** The data of step {@code step}, read lazily: only what the step's objectives ask for. */
  public StepBatch at(long step) {
    return new Step(step);
  }

  /** One step's data, read on demand and shared by the step's objectives. */
  private final class Step implements StepBatch {
    private final long step;
    private final Map<String, Object> shared = new HashMap<>();
    private @Nullable PairBatch pairs;
    private @Nullable ImageExamples images;
    /** The step's text and labeled batches by stream (each {@code rows} examples). */
    private final Map<String, Object> textBatches = new HashMap<>();

    Step(long step) {
      this.step = step;
    }

    @Override
    public long step() {
      return step;
    }

    /** The global batch's draws for this task's rows. */
    @Override
    public Draws draws(String purpose) {
      return Draws.of(seed, purpose, step).slice(first);
    }

    @Override
    public PairBatch pairs() {
      if (pairs == null) {
        pairs = readPairs(this);
      }
      return pairs;
    }

    @Override
    public ImageExamples images() {
      if (images == null) {
        images = readImages();
      }
      return images;
    }

    @Override
    public TextBatch texts(String name) {
      // One batch per stream and step, however often it is asked for: each micro-batch of an
      // accumulated step asks for the whole batch and takes its rows.
      return (TextBatch) textBatches.computeIfAbsent("text/" + name, stream -> {
        int[][] batch = next(stream, source.texts(), StepBatches.this::readTexts);
        return TextBatch.of(batch, textLength, tokenizer.specials());
      });
    }

    @Override
    public LabeledExamples labeled(String name) {
      DataSource.LabelSet set = labelSets.computeIfAbsent(name, StepBatches.this::labelSet);
      return (LabeledExamples) textBatches.computeIfAbsent(
          "labels/" + name, stream -> next(stream, set.size(), indices -> readLabeled(name, set, indices)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T shared(String key, Supplier<T> compute) {
      return (T) shared.computeIfAbsent(key, k -> compute.get());
    }

    @Override
    public Tokenizer tokenizer() {
      return tokenizer;
    }

    /** Examples this step read, over every kind (for throughput). */
    int examples() {
      return (pairs == null ? 0 : pairs.text().size()) + (images == null ? 0 : images.batch().size()) + textBatches.size() * rows;
    }
  }

  /** How a label set's kind reads in a message. */
  private static String classes(int classes) {
    return classes == 0 ? "holds scores, not classes" : "has " + classes + " classes";
  }

  private DataSource.LabelSet labelSet(String name) {
    DataSource.LabelSet set =
        source
            .labels(name)
            .orElseThrow(
                () -> new IllegalArgumentException(
                    "label set '" + name + "': the data has none such (it has " + String.join(", ", source.labelSets()) + ")"));
    if (set.size() < batchSize) {
      throw new IllegalArgumentException(
          "training.batch_size: " + batchSize + " exceeds the " + set.size() + " texts of label set '" + name + "'");
    }
    return set;
  }

  private int[][] readTexts(int[] indices) {
    int[][] batch = new int[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      int index = indices[i];
      batch[i] = textIds.asMap().computeIfAbsent("text/" + index, k -> tokenizer.encode(source.text(index)));
    }
    return batch;
  }

  private LabeledExamples readLabeled(String name, DataSource.LabelSet set, int[] indices) {
    int[][] texts = new int[indices.length][];
    int[] labels = new int[indices.length];
    float[] scores = new float[indices.length];
    List<ImageRegions> images = set.images() ? new ArrayList<>(indices.length) : null;
    float[] targets = set.softTargets() ? new float[indices.length * set.classes()] : new float[0];
    for (int i = 0; i < indices.length; i++) {
      int index = indices[i];
      texts[i] = textIds.asMap().computeIfAbsent("labels/" + name + "/" + index, k -> encode(set, index));
      labels[i] = set.label(index);
      scores[i] = set.score(index);
      if (images != null) {
        images.add(set.image(index));
      }
      if (targets.length > 0) {
        float[] row = set.targets(index);
        if (row.length != set.classes()) {
          throw new IllegalStateException("label set '" + name + "': " + row.length + " targets for " + set.classes() + " classes");
        }
        System.arraycopy(row, 0, targets, i * row.length, row.length);
      }
    }
    ImageBatch imageBatch = null;
    if (images != null) {
      ImageSpec spec = requireImage();
      imageBatch = ImageBatch.of(images, spec);
    }
    return new LabeledExamples(TextBatch.of(texts, textLength, tokenizer.specials()), labels, scores, imageBatch, targets);
  }

  /**
   * Labelled text {@code index}'s subwords; a pair's joined by [SEP]; a source-target example's
   * source and target joined by [SEP], each cut to fit ({@link TextBatch#sourceTarget}).
   */
  private int[] encode(DataSource.LabelSet set, int index) {
    String second = set.second(index);
    int[] first = tokenizer.encode(set.text(index));
    int[] source = second == null ? first : TextBatch.joined(first, tokenizer.encode(second), tokenizer.specials());
    String target = set.target(index);
    return target == null ? source : TextBatch.sourceTarget(source, tokenizer.encode(target), textLength, tokenizer.specials());
  }

  /** A batch of pairs as read: their indices and examples. */
  private record ReadPairs(int[] ids, List<DataSource.PairExample> pairs) {}

  /**
   * The step's batch of distinct images (this task's rows of it), each with one of its captions
   * drawn at random.
   */
  private PairBatch readPairs(Step step) {
    ImageSpec spec = requireImage();
    ReadPairs read = next("pairs", source.pairs(), ids -> new ReadPairs(ids, Arrays.stream(ids).mapToObj(source::pair).toList()));
    int[] ids = read.ids();
    Draws captionDraws = step.draws("caption");
    int[][] text = new int[rows][];
    int[] chosen = new int[rows];
    List<ImageRegions> batchImages = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      DataSource.PairExample pair = read.pairs().get(i);
      chosen[i] = captionDraws.example(i).nextInt(pair.captions().size());
      long key = ((long) ids[i] << 20) | chosen[i];
      int caption = chosen[i];
      long start = System.nanoTime();
      text[i] = captionIds.asMap().computeIfAbsent(key, k -> tokenizer.encode(pair.captions().get(caption)));
      waitNanos += System.nanoTime() - start;
      batchImages.add(pair.image());
    }
    return new PairBatch(
        TextBatch.of(text, textLength, tokenizer.specials()),
        ImageBatch.of(batchImages, spec),
        ids,
        chosen,
        sampleSets);
  }

  /** The step's batch of distinct images without text. */
  private ImageExamples readImages() {
    ImageSpec spec = requireImage();
    List<DataSource.ImageExample> examples =
        next("images", source.images(), ids -> Arrays.stream(ids).mapToObj(source::image).toList());
    List<ImageRegions> batch = new ArrayList<>(rows);
    List<float[][]> classes = new ArrayList<>(rows);
    for (DataSource.ImageExample example : examples) {
      batch.add(example.image());
      classes.add(example.classProbs());
    }
    return new ImageExamples(
        ImageBatch.of(batch, spec), batch, classes);
  }

  private ImageSpec requireImage() {
    if (image == null) {
      throw new IllegalStateException("the spec declares no image input");
    }
    return image;
  }

  /** How many examples {@code batch} (from {@link #at}) read. */
  static int examples(StepBatch batch) {
    return ((Step) batch).examples();
  }

  /**
   * Batches of distinct indices 0..n-1: each epoch a fresh order keyed on (seed, stream, epoch),
   * cut into {@code n / batch} whole batches (the rest of an epoch is left for the next order),
   * so a batch never mixes two epochs. Which batch comes next depends only on how many came
   * before: that count is all a checkpoint needs. A task's stream hands out its {@code rows} of
   * each global batch of {@code batch}, from row {@code first} on.
   */
  private static final class Epochs {
    private final int n;
    private final int batch;
    private final int first;
    private final int rows;
    private final long seed;
    private final String purpose;
    private long batches;
    private long cachedEpoch = -1;
    private int[] order = new int[0];

    Epochs(int n, int batch, int first, int rows, long seed, String stream) {
      this.n = n;
      this.batch = batch;
      this.first = first;
      this.rows = rows;
      this.seed = seed;
      this.purpose = "order/" + stream;
    }

    int[] nextBatch() {
      int[] indices = peek();
      batches++;
      return indices;
    }

    /** The indices of this task's rows of the batch {@link #nextBatch} hands out next. */
    int[] peek() {
      if (n == 0) {
        throw new IllegalStateException("a stream without examples");
      }
      long perEpoch = Math.max(1, n / batch);
      long epoch = batches / perEpoch;
      int start = (int) (batches % perEpoch) * batch;
      if (epoch != cachedEpoch) {
        order = shuffled(Draws.of(seed, purpose, epoch).single());
        cachedEpoch = epoch;
      }
      int[] indices = new int[rows];
      for (int i = 0; i < rows; i++) {
        indices[i] = order[(start + first + i) % n];
      }
      return indices;
    }

    private int[] shuffled(SplittableRandom random) {
      int[] shuffled = new int[n];
      for (int i = 0; i < n; i++) {
        shuffled[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = swap;
      }
      return shuffled;
    }
  }
}
