package org.unimo.tasks.finetune;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.TaskDataSpec;
import org.unimo.tasks.metrics.CaptionExample;
import org.unimo.tasks.metrics.CaptionMetrics;
import org.unimo.tasks.metrics.CoqaF1;
import org.unimo.tasks.metrics.RougeScore;
import org.unimo.tasks.training.AtomicFiles;

/**
 * What a generation head generated for a task's examples, and its score. A captioning task (a
 * Karpathy split) generates one caption per distinct image and scores it against every caption of
 * that image; a text task one target per example.
 *
 * <ul>
 *   <li>captions ({@code KARPATHY}): the COCO caption evaluation, CIDEr-D deciding, BLEU-4 and
 *       ROUGE-L beside it ({@link CaptionMetrics});
 *   <li>question generation ({@code SQUAD_QG}): BLEU-4 deciding, ROUGE-L and CIDEr-D beside it,
 *       from the same evaluation (as UniLM and UNIMO report question generation);
 *   <li>conversational answers ({@code COQA}): CoQA's F1 over the answer and the additional answers;
 *   <li>line files ({@code SOURCE_TARGET}): ROUGE-Lsum F deciding, ROUGE-1 and ROUGE-2 beside it, as
 *       Google's rouge-score computes them without stemming ({@link RougeScore}).
 * </ul>
 *
 * <pre>{@code
 * Generations generated = Generations.of(task, task.validation(), HeadModels.exported(predictor, "caption"));
 * Validation.Score score = generated.score(0);
 * }</pre>
 */
public final class Generations {
  /**
   * One generated text.
   *
   * @param id the image id (captions) or the example's {@code file:line}
   * @param references what it is scored against
   */
  public record Item(String id, String generated, List<String> references) {
    public Item {
      references = List.copyOf(references);
    }
  }

  private static final int BATCH = 64;

  private final TaskDataSpec.Format format;
  private final List<Item> items;

  private Generations(TaskDataSpec.Format format, List<Item> items) {
    this.format = format;
    this.items = List.copyOf(items);
  }

  /** Generates, with {@code model}'s head and its decoding settings, for {@code examples} of {@code task}, in batches of 64. */
  public static Generations of(TaskSource task, List<TaskSource.Example> examples, Validation.HeadModel model) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("task " + task.name() + ": no examples to generate for");
    }
    List<Item> items = new ArrayList<>();
    if (task.format() == TaskDataSpec.Format.KARPATHY) {
      Map<String, List<String>> captions = new LinkedHashMap<>();
      for (TaskSource.Example e : examples) {
        captions.computeIfAbsent(e.image(), id -> new ArrayList<>()).add(e.text());
      }
      List<String> ids = List.copyOf(captions.keySet());
      for (int from = 0; from < ids.size(); from += BATCH) {
        List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
        List<String> generated = model.generate(List.of(), List.of(), batch.stream().map(task::image).toList());
        for (int i = 0; i < batch.size(); i++) {
          items.add(new Item(batch.get(i), generated.get(i), captions.get(batch.get(i))));
        }
      }
    } else if (task.format().sourceTarget()) {
      for (int from = 0; from < examples.size(); from += BATCH) {
        List<TaskSource.Example> batch = examples.subList(from, Math.min(examples.size(), from + BATCH));
        List<@Nullable String> seconds = new ArrayList<>();
        batch.forEach(e -> seconds.add(e.second()));
        List<String> generated = model.generate(batch.stream().map(TaskSource.Example::text).toList(), seconds, null);
        for (int i = 0; i < batch.size(); i++) {
          items.add(new Item(batch.get(i).where(), generated.get(i), batch.get(i).references()));
        }
      }
    } else {
      throw new IllegalArgumentException("task " + task.name() + " (" + task.format() + ") has no texts to generate");
    }
    return new Generations(task.format(), items);
  }

  /** The generated texts, in the order scored. */
  public List<Item> items() {
    return items;
  }

  /**
   * Writes what was generated, atomically: for captions the COCO results JSON ({@code [{"image_id":
   * ID, "caption": TEXT}, ...]}, the image id a number when it is one), which {@code unimo score
   * --metric cider} reads with the task's references; for text one generated text per line, in
   * example order (line breaks inside a text written as a space), which {@code unimo score --metric
   * rougeLsum} reads against the task's target file.
   */
  public static void write(Generations generations, TaskDataSpec.Format format, Path file) throws IOException {
    StringBuilder out = new StringBuilder();
    if (format == TaskDataSpec.Format.KARPATHY) {
      JsonArray results = new JsonArray();
      for (Item item : generations.items()) {
        JsonObject result = new JsonObject();
        if (item.id().matches("\\d{1,18}")) {
          result.addProperty("image_id", Long.parseLong(item.id()));
        } else {
          result.addProperty("image_id", item.id());
        }
        result.addProperty("caption", item.generated());
        results.add(result);
      }
      out.append(results).append('\n');
    } else {
      for (Item item : generations.items()) {
        out.append(item.generated().replaceAll("[\\r\\n]+", " ")).append('\n');
      }
    }
    AtomicFiles.writeString(file, out.toString());
  }

  /** The task's metrics of the generated texts at {@code step}, the deciding one first. */
  public Validation.Score score(long step) {
    Map<String, Double> values = new LinkedHashMap<>();
    switch (format) {
      case KARPATHY, SQUAD_QG -> {
        List<CaptionExample> examples = new ArrayList<>();
        for (Item item : items) {
          examples.add(new CaptionExample(item.id(), item.generated(), item.references()));
        }
        CaptionMetrics.Result r = CaptionMetrics.score(examples);
        if (format == TaskDataSpec.Format.KARPATHY) {
          values.put("cider", r.cider());
          values.put("bleu4", r.bleu().bleu(4));
        } else {
          values.put("bleu4", r.bleu().bleu(4));
          values.put("cider", r.cider());
        }
        values.put("rougeL", r.rougeL());
      }
      case COQA -> values.put(
          "coqa_f1", CoqaF1.score(items.stream().map(Item::generated).toList(), items.stream().map(Item::references).toList()));
      case SOURCE_TARGET -> {
        RougeScore.Result r =
            RougeScore.score(items.stream().map(Item::generated).toList(), items.stream().map(i -> i.references().get(0)).toList(), false);
        values.put("rougeLsum", r.rougeLsum());
        values.put("rouge1", r.rouge1());
        values.put("rouge2", r.rouge2());
      }
      default -> throw new IllegalStateException(format + " is not a generation task");
    }
    return new Validation.Score(step, values.keySet().iterator().next(), values, items.size());
  }
}
