package org.unimo.graph;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.DataKind;
import org.unimo.dsl.EncoderSpec;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.dsl.Pooling;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Objective;
import org.unimo.graph.objective.ObjectiveRegistry;

/**
 * An estimate of the peak resident memory of a spec's training step on CPU, term by term, from the
 * spec alone (nothing is compiled): what to expect before a run that may not fit.
 *
 * <pre>{@code
 * MemoryEstimate estimate = MemoryEstimate.of(ModelSpec.read(Path.of("examples/configs/unimo-base.textproto")));
 * System.out.print(estimate.table());
 * long bytes = estimate.totalBytes();
 * }</pre>
 *
 * <p>What is counted, in float32 bytes: the variables, one gradient per variable and their
 * clipped copies, Adam's two slots; per encoder pass the activations the backward pass keeps (a
 * per-layer count of [b, L, H], [b, L, ffn] and [b, heads, L, L] tensors, see {@link Factors});
 * the LM logits at the predicted positions; the heads' outputs; the process's baseline (JVM,
 * TensorFlow's library) and the graph, which grows with the encoder passes times the layers. Each
 * objective declares its passes ({@link Objective#memory}). Texts are assumed to fill {@code
 * text.max_length} and images to have {@code image.max_regions} regions: the largest step the spec
 * allows. With {@code training.mix} each step trains one kind of data, and the peak is the largest
 * kind's step. With {@code training.accumulation_steps} the activations are a micro-batch's, and
 * one accumulator per variable is added. The factors were fitted to the peak resident set (VmHWM) of 14 fresh processes
 * that trained 1 to 12 layers of 64 to 768 at batch 2 to 16 with texts of 32 to 256 subwords (each
 * within 10%), and three more measured afterwards came within 11%; docs/memory.md has the
 * measurements and how to repeat them.
 *
 * <p>Not counted: what an objective does not declare (a custom objective without {@link
 * Objective#memory}, listed with 0 bytes), the data source's own memory, XLA's buffers, a GPU's
 * memory (this is host memory on CPU). BF16 and FP16 compile precisions are estimated as float32:
 * their products are cast back to float32, and only the cast copies are smaller.
 */
public final class MemoryEstimate {
  /**
   * One term of the estimate.
   *
   * @param part what it belongs to: {@code runtime}, {@code weights} or an objective's name
   * @param what what is counted, with its shape, e.g. {@code text encoder pass 8 x 512}
   * @param kind the kind of data whose step holds it, or null for what every step holds
   * @param bytes its size
   */
  public record Term(String part, String what, @Nullable DataKind kind, long bytes) {}

  /**
   * The calibrated factors. The per-layer counts are tensors of the named shape a training step
   * holds at its peak: counted from the graph (what each op's gradient reads: 14 [b, L, H], 4 [b,
   * L, ffn], 3 [b, heads, L, L], 6 [b, L, H] for the embeddings), then scaled by 1.23, which with
   * the other factors is the least-squares fit (of relative errors) to 14 measured configs: the
   * allocator's slack and the backward pass's transients. Each factor's own fit is in
   * docs/memory.md; the product of a count and its factor is what the estimate uses.
   *
   * @param runtimeBytes the process with the smallest model: JVM, TensorFlow's library, the
   *     tokenizer
   * @param graphBytesPerLayerPass per Transformer layer per encoder pass: the graph in Java and C++,
   *     the session's optimized copy and its executor's kernels (a 1-layer and an 8-layer model 64
   *     wide differed by 680 MB at their peaks)
   * @param hidden [b, L, H] tensors per layer (q, k, v, the attention context, two dropout masks,
   *     the two LayerNorms' inputs, centred and normalized values and outputs)
   * @param ffn [b, L, ffn] tensors per layer (the activation's input and what its gradient reads)
   * @param attention [b, heads, L, L] tensors per layer with attention dropout (softmax output,
   *     dropout mask, dropped probabilities); without dropout only the softmax output is held
   * @param embedding [b, L, H] tensors of the embedding layer
   * @param logits [N, V] tensors per LM objective, N its upper bound of predictions: the
   *     log-softmax held for the backward pass (the gradients of the gather and the log-softmax
   *     come after the logits are gone, and reuse their memory)
   * @param gradients variables' worth of gradients (the gradients and their clipped copies)
   * @param contributions per use of a variable: TensorFlow sums a variable's gradients from its
   *     uses (the encoder's layers in every pass, the word embeddings in every text pass and LM
   *     head) with one AddN once all of them exist, so each use's gradient is held until the last;
   *     fitted at about half of every use (the first uses' gradients are summed while the
   *     activations are being freed)
   */
  public record Factors(
      long runtimeBytes,
      long graphBytesPerLayerPass,
      double hidden,
      double ffn,
      double attention,
      double embedding,
      double logits,
      double gradients,
      double contributions) {}

  /** The factors the estimate uses; docs/memory.md says how they were fitted. */
  public static final Factors FACTORS = new Factors(524L << 20, 15L << 20, 17.2, 4.9, 3.7, 7.4, 1.13, 2, 0.54);

  private static final int FLOAT = 4;

  private final ModelSpec spec;
  private final long parameters;
  private final List<Term> terms;
  private final @Nullable DataKind peakKind;
  private final long total;

  private MemoryEstimate(ModelSpec spec, long parameters, List<Term> terms) {
    this.spec = spec;
    this.parameters = parameters;
    this.terms = List.copyOf(terms);
    Map<DataKind, Long> perKind = new EnumMap<>(DataKind.class);
    long shared = 0;
    for (Term term : terms) {
      if (term.kind() == null) {
        shared += term.bytes();
      } else {
        perKind.merge(term.kind(), term.bytes(), Long::sum);
      }
    }
    DataKind largest = null;
    long steps = 0;
    if (spec.training().mix().isEmpty()) {
      steps = perKind.values().stream().mapToLong(Long::longValue).sum();
    } else {
      for (Map.Entry<DataKind, Long> entry : perKind.entrySet()) {
        if (largest == null || entry.getValue() > steps) {
          largest = entry.getKey();
          steps = entry.getValue();
        }
      }
    }
    this.peakKind = largest;
    this.total = shared + steps;
  }

  /** The estimate for {@code spec}'s training step with the built-in objectives and {@link #FACTORS}. */
  public static MemoryEstimate of(ModelSpec spec) {
    return of(spec, ObjectiveRegistry.builtIn(), FACTORS);
  }

  /**
   * The estimate with {@code registry}'s objectives (each declares its passes, {@link
   * Objective#memory}) and {@code factors}; an objective no registered type handles, or one that
   * declares nothing, is listed with 0 bytes as not estimated.
   */
  public static MemoryEstimate of(ModelSpec spec, ObjectiveRegistry registry, Factors factors) {
    return new Builder(spec, factors).build(registry);
  }

  /** An {@code accumulation_steps} and the estimate of the spec trained with it. */
  public record Fit(int accumulationSteps, MemoryEstimate estimate) {}

  /**
   * The fewest micro-batches ({@code training.accumulation_steps}, a divisor of the batch size, at
   * least the spec's own, making a valid spec) whose estimate is at most {@code budget} bytes, or
   * empty when none does: what {@code unimo spec --memory} suggests when a config does
   * not fit the machine.
   */
  public static java.util.Optional<Fit> fitting(ModelSpec spec, long budget) {
    int batch = spec.training().batchSize();
    for (int k = spec.training().accumulationSteps(); k <= batch; k++) {
      if (batch % k != 0) {
        continue;
      }
      int steps = k;
      ModelSpec accumulated;
      try {
        accumulated = spec.toBuilder().training(t -> t.accumulationSteps(steps)).build();
      } catch (org.unimo.dsl.SpecException e) {
        continue; // e.g. micro-batches of one would leave CMCL without negatives
      }
      MemoryEstimate estimate = of(accumulated);
      if (estimate.totalBytes() <= budget) {
        return java.util.Optional.of(new Fit(k, estimate));
      }
    }
    return java.util.Optional.empty();
  }

  /** The number of trainable parameters the compiled model will have (custom objectives' aside). */
  public long parameterCount() {
    return parameters;
  }

  /** Every term, those of every kind of data included. */
  public List<Term> terms() {
    return terms;
  }

  /**
   * With {@code training.mix}, the kind of data whose step is largest (the others' terms are not
   * in the total); null without a mix, when every step holds every term.
   */
  public @Nullable DataKind peakKind() {
    return peakKind;
  }

  /** The estimated peak resident memory in bytes. */
  public long totalBytes() {
    return total;
  }

  /** Whether {@code term} is part of {@link #totalBytes()}. */
  public boolean counted(Term term) {
    return term.kind() == null || peakKind == null || term.kind() == peakKind;
  }

  /** The sum of the counted terms of {@code part} ({@code runtime}, {@code weights}, an objective's name). */
  public long bytes(String part) {
    return terms.stream().filter(t -> t.part().equals(part) && counted(t)).mapToLong(Term::bytes).sum();
  }

  /** A table for people: one line per term, then the total. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%s: estimated peak memory of a training step (CPU, float32)%n", spec.name()));
    int width = terms.stream().mapToInt(t -> t.part().length() + t.what().length() + 2).max().orElse(20);
    for (Term term : terms) {
      String label = term.part() + ": " + term.what();
      out.append(String.format(Locale.ROOT, "  %-" + width + "s %10s%s%n", label, human(term.bytes()), counted(term) ? "" : "  (not at the peak)"));
    }
    if (peakKind != null) {
      out.append(String.format(Locale.ROOT, "  peak: the %s step (training.mix: one kind of data per step)%n", peakKind.id()));
    }
    out.append(String.format(Locale.ROOT, "  %-" + width + "s %10s%n", "total", human(total)));
    return out.toString();
  }

  /** Bytes in MiB or GiB, e.g. {@code 512.0 MiB}, {@code 3.25 GiB}. */
  public static String human(long bytes) {
    double mib = bytes / (1024.0 * 1024.0);
    return mib >= 1024 ? String.format(Locale.ROOT, "%.2f GiB", mib / 1024) : String.format(Locale.ROOT, "%.1f MiB", mib);
  }

  /** Collects the objectives' footprints, then adds the encoder's variables and the runtime. */
  private static final class Builder {
    private final ModelSpec spec;
    private final Factors factors;
    private final EncoderSpec encoder;
    private final int batch;
    private final int textLength;
    private final int vocab;
    private final @Nullable ImageSpec image;
    private final List<Term> terms = new ArrayList<>();
    private final Set<String> shared = new HashSet<>();
    private long parameters;
    private boolean lmHead;
    private int passes;
    /** Passes that embed text (text and joint passes), that embed regions (image and joint), LM heads. */
    private int textEmbeddings;
    private int imageEmbeddings;
    private int lmHeads;

    Builder(ModelSpec spec, Factors factors) {
      this.spec = spec;
      this.factors = factors;
      this.encoder = spec.encoder();
      // With gradient accumulation a step holds one micro-batch's activations at a time.
      this.batch = spec.training().microBatchSize();
      this.textLength = spec.text().maxLength();
      this.vocab = spec.text().vocabSize();
      this.image = spec.image().orElse(null);
    }

    MemoryEstimate build(ObjectiveRegistry registry) {
      List<ObjectiveSpec> declared = new ArrayList<>(spec.objectives().declared());
      declared.addAll(spec.heads());
      for (ObjectiveSpec section : declared) {
        Objective objective = registry.create(section, spec).orElse(null);
        if (objective == null || !objective.memory(new Declared(section.name(), section.data()))) {
          terms.add(new Term(section.name(), "not estimated (the objective declares no footprint)", section.data(), 0));
        }
      }
      parameters += encoderParameters();
      List<Term> all = new ArrayList<>();
      all.add(new Term("runtime", "JVM and TensorFlow runtime", null, factors.runtimeBytes()));
      all.add(
          new Term(
              "runtime",
              "graph (" + passes + " encoder passes x " + encoder.layers() + " layers)",
              null,
              factors.graphBytesPerLayerPass() * passes * encoder.layers()));
      all.add(new Term("weights", String.format(Locale.ROOT, "parameters (%,d)", parameters), null, parameters * FLOAT));
      all.add(new Term("weights", "gradients", null, (long) (factors.gradients() * parameters * FLOAT)));
      all.add(
          new Term(
              "weights",
              String.format(Locale.ROOT, "gradients per use (%,d)", uses()),
              null,
              (long) (factors.contributions() * uses() * FLOAT)));
      all.add(new Term("weights", "Adam slots (m, v)", null, 2 * parameters * FLOAT));
      int microBatches = spec.training().accumulationSteps();
      if (microBatches > 1) {
        all.add(
            new Term(
                "weights",
                "gradient accumulators (" + microBatches + " micro-batches of " + batch + ")",
                null,
                parameters * FLOAT));
      }
      all.addAll(terms);
      return new MemoryEstimate(spec, parameters, all);
    }

    private ImageSpec requireImage() {
      if (image == null) {
        throw new IllegalArgumentException("an objective declares an image pass and the spec has no image input");
      }
      return image;
    }

    /** One objective's footprint: its terms go under its name and its kind of data. */
    private final class Declared implements Footprint {
      private final String part;
      private final DataKind kind;

      Declared(String part, DataKind kind) {
        this.part = part;
        this.kind = kind;
      }

      @Override
      public int batch() {
        return batch;
      }

      @Override
      public int textLength() {
        return textLength;
      }

      @Override
      public void textPass(String what, int sequences, boolean uniLmMask) {
        textEmbeddings++;
        encoderPass(what, sequences, textLength, uniLmMask);
      }

      @Override
      public void imagePass(String what, int images) {
        ImageSpec regions = requireImage();
        imageEmbeddings++;
        encoderPass(what, images, regions.maxRegions() + 1, false);
        // The fed features, which the projection's gradient reads.
        floats(
            "region features " + images + " x " + regions.maxRegions() + " x " + regions.featureSize(),
            (long) images * regions.maxRegions() * regions.featureSize());
      }

      @Override
      public void jointPass(String what, int pairs) {
        textEmbeddings++;
        imageEmbeddings++;
        encoderPass(what, pairs, requireImage().maxRegions() + 1 + textLength, true);
      }

      /** {@code sequences} sequences of {@code length} through the embeddings and every layer. */
      private void encoderPass(String what, int sequences, int length, boolean uniLmMask) {
        passes++;
        double b = sequences;
        double tokens = b * length;
        // Without dropout only the softmax output of the three is held.
        double attention = encoder.dropout() > 0 ? factors.attention() : factors.attention() / 3;
        double perLayer =
            factors.hidden() * tokens * encoder.hidden()
                + factors.ffn() * tokens * encoder.ffn()
                + attention * b * encoder.heads() * length * (double) length;
        double embeddings = factors.embedding() * tokens * encoder.hidden();
        // A UniLM mask is a [b, 1, L, L] bias, held through the forward pass.
        double bias = uniLmMask ? b * length * (double) length : 0;
        add(what + " " + sequences + " x " + length, (long) ((encoder.layers() * perLayer + embeddings + bias) * FLOAT));
      }

      @Override
      public void lmHead(int transformed, int scored) {
        lmHeads++;
        if (!lmHead) {
          lmHead = true;
          long h = encoder.hidden();
          parameters += h * h + h + 2 * h + vocab;
        }
        // Dense, activation and LayerNorm: about as many [rows, H] tensors as an embedding layer.
        add("LM head transform " + transformed + " x " + encoder.hidden(),
            (long) (factors.embedding() * transformed * encoder.hidden() * FLOAT));
        add("LM logits " + scored + " x " + vocab, (long) (factors.logits() * scored * (double) vocab * FLOAT));
      }

      @Override
      public void floats(String what, long count) {
        add(what, count * FLOAT);
      }

      @Override
      public void parameters(String what, long count) {
        parameters += count;
      }

      @Override
      public void shared(String key, Consumer<Footprint> declare) {
        if (shared.add(key)) {
          declare.accept(new Declared(key, kind));
        }
      }

      private void add(String what, long bytes) {
        terms.add(new Term(part, what, kind, bytes));
      }
    }

    /**
     * The variables' uses whose gradients are summed at once: the layers and the embeddings'
     * LayerNorm in every pass, the word table in every text pass and LM head (scored against it),
     * the region projections in every image pass.
     */
    private long uses() {
      long h = encoder.hidden();
      long perPass = encoder.layers() * layerParameters() + 2 * h;
      long words = (long) vocab * h * (textEmbeddings + lmHeads);
      long regions = image == null ? 0 : (long) (image.featureSize() + image.boxFeatures() + 2) * h * imageEmbeddings;
      return passes * perPass + words + regions;
    }

    private long layerParameters() {
      long h = encoder.hidden();
      long ffn = encoder.ffn();
      return 4 * (h * h + h) + 2 * h + h * ffn + ffn + ffn * h + h + 2 * h;
    }

    /** The encoder's variables: embeddings, layers, pooler (what every spec compiles). */
    private long encoderParameters() {
      long h = encoder.hidden();
      long count = (long) vocab * h + (long) encoder.maxPositions() * h + 2 * h;
      count += (long) encoder.typeVocabSize() * h;
      if (image != null) {
        // Region features and boxes projected (kernels and biases), the [IMG] row.
        count += (long) image.featureSize() * h + h + (long) image.boxFeatures() * h + h + h;
      }
      count += encoder.layers() * layerParameters();
      if (encoder.pooling() != Pooling.PLAIN_MEAN) {
        count += h * h + h;
      }
      return count;
    }
  }
}
