package org.unimo.rewriting.retrieval;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.unimo.rewriting.samples.Sample;

/**
 * Times {@link TfidfMiner} on a synthetic caption corpus ({@link SyntheticCaptions}) and reports
 * throughput and memory.
 *
 * <pre>{@code
 * java -Xmx4g -cp ... org.unimo.rewriting.retrieval.TfidfBenchmark [captions [k [threads [dir]]]]
 * }</pre>
 *
 * <p>Defaults: 1,000,000 captions, k = 5, one thread per processor, the index on the heap (with a
 * directory: memory-mapped files in a temporary directory under it). The captions are generated as
 * the index reads them; the report separates generation time (a dry pass) from indexing. Every
 * negative is turned into its {@link Sample}, as a writer of CMCL sample sets would. Peak heap is
 * the largest heap use seen by a 20 ms sampler (and, as an upper bound, the sum of the heap pools'
 * peaks); peak RSS is the kernel's VmHWM.
 */
public final class TfidfBenchmark {
  private TfidfBenchmark() {}

  /** Runs the benchmark; arguments: captions, k, threads. */
  public static void main(String[] args) throws Exception {
    long count = args.length > 0 ? Long.parseLong(args[0].replace("_", "").replace(",", "")) : 1_000_000;
    int k = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    Path workDirectory = args.length > 3 ? Path.of(args[3]) : null;
    PrintStream out = System.out;
    HeapSampler heap = HeapSampler.start();

    long start = System.nanoTime();
    SyntheticCaptions corpus = SyntheticCaptions.fromWordNet(42);
    double vocabularySeconds = seconds(start);
    out.printf(Locale.ROOT, "vocabulary: %d WordNet words in %.1f s%n", corpus.vocabularySize(), vocabularySeconds);
    for (int i = 0; i < 6; i++) {
      Caption caption = corpus.caption(i * 3L);
      out.printf(Locale.ROOT, "  image %s: %s%n", caption.imageId(), caption.text());
    }

    start = System.nanoTime();
    long characters = 0;
    for (Iterator<Caption> it = corpus.captions(count); it.hasNext(); ) {
      characters += it.next().text().length();
    }
    double generateSeconds = seconds(start);

    Progress progress = new Progress(count);
    TfidfMiner miner =
        TfidfMiner.builder()
            .k(k)
            .threads(threads)
            .workDirectory(workDirectory)
            .onIndexed(progress::indexed).onMined(progress::mined).build();
    start = System.nanoTime();
    AtomicLong negatives = new AtomicLong();
    AtomicLong checksum = new AtomicLong();
    double indexSeconds;
    double mineSeconds;
    MinedCaption[] first = new MinedCaption[1];
    try (CaptionIndex index = miner.index(corpus.captions(count))) {
      indexSeconds = seconds(start);
      progress.done();
      start = System.nanoTime();
      index.mine(
          mined -> {
            List<Sample> samples = mined.samples();
            negatives.addAndGet(samples.size());
            for (Sample sample : samples) {
              checksum.addAndGet(sample.source().hashCode());
            }
            if (mined.index() == 0) {
              first[0] = mined;
            }
          });
      mineSeconds = seconds(start);
      progress.done();
    }
    heap.stop();

    out.printf(Locale.ROOT, "captions:            %,d (%,d images, %.1f characters on average)%n", count,
        (count + SyntheticCaptions.CAPTIONS_PER_IMAGE - 1) / SyntheticCaptions.CAPTIONS_PER_IMAGE,
        (double) characters / Math.max(1, count));
    out.printf(Locale.ROOT, "k, threads, index:   %d, %d, %s%n", k, threads,
        workDirectory == null ? "heap" : "files under " + workDirectory);
    out.printf(Locale.ROOT, "generation (dry):    %.1f s%n", generateSeconds);
    out.printf(Locale.ROOT, "index build:         %.1f s (generation included), %,.0f captions/s%n",
        indexSeconds, count / indexSeconds);
    out.printf(Locale.ROOT, "mining:              %.1f s, %,.0f captions/s, %.1f negatives per caption%n",
        mineSeconds, count / mineSeconds, negatives.get() / (double) Math.max(1, count));
    out.printf(Locale.ROOT, "index + mining:      %.1f s%n", indexSeconds + mineSeconds);
    out.printf(Locale.ROOT, "peak heap used:      %,d MiB sampled, %,d MiB sum of pool peaks (max heap %,d MiB)%n",
        heap.peak() >> 20, heapPoolPeaks() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    out.printf(Locale.ROOT, "peak RSS (VmHWM):    %s%n", vmHwm());
    out.printf(Locale.ROOT, "checksum:            %016x%n", checksum.get());
    if (first[0] != null) {
      out.println("caption 0: " + first[0].caption().text() + " (image " + first[0].caption().imageId() + ")");
      for (Sample sample : first[0].samples()) {
        out.println("  " + sample.value() + "  <- " + sample.source());
      }
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static long heapPoolPeaks() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static String vmHwm() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return "unknown (no /proc/self/status)";
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return String.format(Locale.ROOT, "%,d MiB", kib >> 10);
      }
    }
    return "unknown (no VmHWM)";
  }

  /** A text progress bar on standard error, redrawn at each percent. */
  private static final class Progress {
    private final long total;
    private String phase = "";
    private long lastPercent = -1;

    Progress(long total) {
      this.total = Math.max(1, total);
    }

    void indexed(long done) {
      draw("indexing", done);
    }

    void mined(long done) {
      draw("mining  ", done);
    }

    void done() {
      System.err.println();
      lastPercent = -1;
    }

    private void draw(String name, long done) {
      long percent = done * 100 / total;
      if (percent == lastPercent && name.equals(phase)) {
        return;
      }
      phase = name;
      lastPercent = percent;
      int filled = (int) (percent / 4);
      System.err.print("\r" + name + " [" + "#".repeat(filled) + " ".repeat(25 - filled) + "] "
          + percent + "% " + done);
      System.err.flush();
    }
  }

  /** The largest heap use seen, sampled every 20 ms on a daemon thread. */
  private static final class HeapSampler implements Runnable {
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;

    static HeapSampler start() {
      HeapSampler sampler = new HeapSampler();
      Thread thread = new Thread(sampler, "heap-sampler");
      thread.setDaemon(true);
      thread.start();
      return sampler;
    }

    @Override
    public void run() {
      while (running) {
        sample();
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void sample() {
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      peak.accumulateAndGet(used, Math::max);
    }

    void stop() {
      running = false;
      sample();
    }

    long peak() {
      return peak.get();
    }
  }
}
