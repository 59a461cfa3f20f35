package org.unimo.rewriting.retrieval;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The indexed captions of a {@link TfidfMiner}, ready to mine. Made by {@link
 * TfidfMiner#index}; close it to free the index.
 */
public final class CaptionIndex implements AutoCloseable {
  /** Captions between two progress reports. */
  static final int PROGRESS_STEP = 4096;
  /** Captions per task: large enough to amortize a task, small enough to balance two threads. */
  private static final int BATCH = 256;
  /** Batches in flight per thread: keeps the threads busy while the sink catches up. */
  private static final int WINDOW_PER_THREAD = 4;

  private final TfidfMiner miner;
  private final TfidfIndex index;

  CaptionIndex(TfidfMiner miner, TfidfIndex index) {
    this.miner = miner;
    this.index = index;
  }

  /** The number of captions. */
  public int size() {
    return index.size();
  }

  /** The caption at {@code position} (from 0, in input order). */
  public Caption caption(int position) {
    return new Caption(requireNonNull(index.group(position)), index.text(position));
  }

  /** The hard negatives of the caption at {@code position}, as {@link #mine} gives them. */
  public MinedCaption mine(int position) {
    Caption anchor = caption(position);
    List<Hit> hits = index.search(List.of(anchor.text()), miner.k(), index.groupId(position), anchor.text());
    List<Neighbour> neighbours = new ArrayList<>(hits.size());
    for (Hit hit : hits) {
      neighbours.add(
          new Neighbour(hit.doc(), requireNonNull(index.group(hit.doc())), index.text(hit.doc()), hit.score()));
    }
    return new MinedCaption(position, anchor, neighbours);
  }

  /**
   * Mines every caption and gives the results to {@code sink} in input order, on this thread, while
   * the miner's threads query ahead; the miner's onMined hook hears the count after each batch.
   */
  public void mine(Consumer<? super MinedCaption> sink) {
    requireNonNull(sink, "sink");
    int size = size();
    int threads = miner.threads();
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    try {
      ArrayDeque<Future<List<MinedCaption>>> window = new ArrayDeque<>();
      int next = 0;
      long done = 0;
      long reported = 0;
      while (next < size || !window.isEmpty()) {
        while (next < size && window.size() < threads * WINDOW_PER_THREAD) {
          int from = next;
          int to = Math.min(size, from + BATCH);
          window.add(pool.submit(() -> mineRange(from, to)));
          next = to;
        }
        for (MinedCaption mined : await(requireNonNull(window.poll()))) {
          sink.accept(mined);
          done++;
        }
        if (done - reported >= PROGRESS_STEP || done == size) {
          miner.onMined().accept(done);
          reported = done;
        }
      }
      if (size == 0) {
        miner.onMined().accept(0);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private List<MinedCaption> mineRange(int from, int to) {
    List<MinedCaption> batch = new ArrayList<>(to - from);
    for (int position = from; position < to; position++) {
      batch.add(mine(position));
    }
    return batch;
  }

  private static List<MinedCaption> await(Future<List<MinedCaption>> batch) {
    try {
      return batch.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while mining");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("mining failed", cause);
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "tfidf-miner-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    index.close();
  }
}
