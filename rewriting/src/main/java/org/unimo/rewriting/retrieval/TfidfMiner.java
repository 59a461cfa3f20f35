package org.unimo.rewriting.retrieval;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Mines TF-IDF hard negatives: for every caption of a corpus, the k captions of other images most
 * similar to it, as CMCL's sentence-level negatives.
 *
 * <pre>{@code
 * TfidfMiner miner = TfidfMiner.builder().k(5).threads(2).onMined(done -> bar.set(done)).build();
 * miner.mine(captions.iterator(), mined -> out.write(mined.index(), mined.samples()));
 * // or in two stages, to time or reuse the index:
 * try (CaptionIndex index = miner.index(captions.iterator())) {
 *   index.mine(mined -> ...);
 * }
 * }</pre>
 *
 * <p>Indexing reads the captions once, in one pass, into a Lucene index (on the heap, or on disk
 * under {@link Builder#workDirectory}). Mining then queries the index with every caption on
 * {@link Builder#threads} threads and hands the results to the sink in input order, on the calling
 * thread. A caption's negatives leave out every caption of its own image and every exact duplicate
 * of its text ({@link TfidfIndex#normalize}); equal scores go to the earlier caption, so the
 * output is the same for every thread count. Instances are immutable and thread-safe.
 */
public final class TfidfMiner {
  private final int k;
  private final int threads;
  private final @Nullable Path workDirectory;
  private final LongConsumer onIndexed;
  private final LongConsumer onMined;

  private TfidfMiner(Builder builder) {
    this.k = builder.k;
    this.threads = builder.threads;
    this.workDirectory = builder.workDirectory;
    this.onIndexed = builder.onIndexed;
    this.onMined = builder.onMined;
  }

  /** A builder with k = 5, one thread per processor, the index on the heap and no progress hooks. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this miner's settings. */
  public Builder toBuilder() {
    return new Builder()
        .k(k)
        .threads(threads)
        .workDirectory(workDirectory)
        .onIndexed(onIndexed)
        .onMined(onMined);
  }

  /** How many negatives each caption gets (fewer if fewer captions of other images share a term). */
  public int k() {
    return k;
  }

  /** How many threads query the index. */
  public int threads() {
    return threads;
  }

  /** Where the index files go; {@code null} when the index is kept on the heap. */
  public @Nullable Path workDirectory() {
    return workDirectory;
  }

  /**
   * Indexes {@code captions}, reading each once; {@link Builder#onIndexed} hears the count as it
   * grows. Close the returned index to free it.
   */
  public CaptionIndex index(Iterator<? extends Caption> captions) {
    requireNonNull(captions, "captions");
    TfidfIndex.Writer writer = TfidfIndex.writer(new CaptionAnalyzer(), workDirectory);
    try {
      long count = 0;
      while (captions.hasNext()) {
        Caption caption = requireNonNull(captions.next(), "caption");
        writer.add(List.of(caption.text()), caption.imageId());
        if (++count % CaptionIndex.PROGRESS_STEP == 0) {
          onIndexed.accept(count);
        }
      }
      onIndexed.accept(count);
      return new CaptionIndex(this, writer.finish());
    } catch (RuntimeException | Error e) {
      writer.close();
      throw e;
    }
  }

  /** Indexes {@code captions}, then mines every one into {@code sink} in input order. */
  public void mine(Iterator<? extends Caption> captions, Consumer<? super MinedCaption> sink) {
    try (CaptionIndex index = index(captions)) {
      index.mine(sink);
    }
  }

  LongConsumer onMined() {
    return onMined;
  }

  /** Settings of a {@link TfidfMiner}. */
  public static final class Builder {
    private int k = 5;
    private int threads = Runtime.getRuntime().availableProcessors();
    private @Nullable Path workDirectory;
    private LongConsumer onIndexed = count -> {};
    private LongConsumer onMined = count -> {};

    private Builder() {}

    /** Negatives per caption, at least 1; default 5. */
    public Builder k(int k) {
      if (k < 1) {
        throw new IllegalArgumentException("k must be positive, was " + k);
      }
      this.k = k;
      return this;
    }

    /**
     * Query threads, at least 1; default one per processor. The output does not depend on it.
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Keeps the index in a fresh temporary directory under {@code directory} (deleted when the index
     * is closed), memory-mapped, instead of on the heap; {@code null} for the heap (the default).
     * Either way the captions' texts stay on the heap (about 60 MB for a million 45-character
     * captions with their per-caption arrays); the Lucene index of those is about 10 MB.
     */
    public Builder workDirectory(@Nullable Path directory) {
      this.workDirectory = directory;
      return this;
    }

    /** Hears the number of captions indexed so far, on the indexing thread, now and then. */
    public Builder onIndexed(LongConsumer progress) {
      this.onIndexed = requireNonNull(progress, "progress");
      return this;
    }

    /** Hears the number of captions mined so far, on the thread that calls mine, now and then. */
    public Builder onMined(LongConsumer progress) {
      this.onMined = requireNonNull(progress, "progress");
      return this;
    }

    public TfidfMiner build() {
      return new TfidfMiner(this);
    }
  }
}
