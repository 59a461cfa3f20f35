package org.unimo.tasks.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.PairBatch;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * The embedded shapes world as a {@link DataSource}: its training scenes are the pairs, their
 * captions followed by the WordNet glosses are the text corpus, its image-only scenes are the
 * images without text. Held-out scenes are never served: evaluation reads them.
 *
 * <p>Label sets, for heads: {@code shape_count}, each training caption labeled with how many shapes
 * its scene has, minus 2 (scenes have 2 to 5 shapes: 4 classes).
 */
public final class ShapesWorldSource implements DataSource {
  /** The label set of {@code shape_count}. */
  public static final String SHAPE_COUNT = "shape_count";

  private static final int MIN_SHAPES = 2;
  private static final int MAX_SHAPES = 5;

  private final ShapesWorldData world;
  private final List<String> texts = new ArrayList<>();
  private final List<PairExample> pairs = new ArrayList<>();
  private final List<ImageRegions> pairImages = new ArrayList<>();
  private final List<ImageExample> images = new ArrayList<>();
  private final List<String> labeledTexts = new ArrayList<>();
  private final List<Integer> labels = new ArrayList<>();

  public ShapesWorldSource(ShapesWorldData world) {
    this.world = world;
    for (Scene scene : world.train()) {
      ImageRegions regions = new ImageRegions(scene.features(), scene.boxes());
      pairImages.add(regions);
      pairs.add(new PairExample(regions, scene.captions()));
      texts.addAll(scene.captions());
      for (String caption : scene.captions()) {
        labeledTexts.add(caption);
        labels.add(Math.min(MAX_SHAPES, Math.max(MIN_SHAPES, scene.numRegions())) - MIN_SHAPES);
      }
    }
    texts.addAll(world.textCorpus());
    for (Scene scene : world.imageOnly()) {
      images.add(new ImageExample(new ImageRegions(scene.features(), scene.boxes()), scene.classProbs()));
    }
  }

  /** The generated world this source serves. */
  public ShapesWorldData world() {
    return world;
  }

  @Override
  public String describe() {
    return "shapes world: " + pairs.size() + " image-text pairs, " + texts.size() + " texts, " + images.size() + " images without text";
  }

  @Override
  public int texts() {
    return texts.size();
  }

  @Override
  public String text(int index) {
    return texts.get(index);
  }

  @Override
  public int pairs() {
    return pairs.size();
  }

  @Override
  public PairExample pair(int index) {
    return pairs.get(index);
  }

  @Override
  public int images() {
    return images.size();
  }

  @Override
  public ImageExample image(int index) {
    return images.get(index);
  }

  @Override
  public List<PairExample> heldout() {
    return world.heldout().stream()
        .map(scene -> new PairExample(new ImageRegions(scene.features(), scene.boxes()), scene.captions()))
        .toList();
  }

  @Override
  public Optional<LabelSet> labels(String name) {
    if (!name.equals(SHAPE_COUNT)) {
      return Optional.empty();
    }
    return Optional.of(
        new LabelSet() {
          @Override
          public int size() {
            return labeledTexts.size();
          }

          @Override
          public String text(int index) {
            return labeledTexts.get(index);
          }

          @Override
          public int label(int index) {
            return labels.get(index);
          }

          @Override
          public int classes() {
            return MAX_SHAPES - MIN_SHAPES + 1;
          }
        });
  }

  @Override
  public List<String> labelSets() {
    return List.of(SHAPE_COUNT);
  }

  @Override
  public int featureSize() {
    return world.featureSize();
  }

  @Override
  public int detectorClasses() {
    return world.numClasses();
  }

  @Override
  public PairBatch.SampleSetSource sampleSets(
      DataRequirement.SampleSets requirement, Tokenizer tokenizer, int textLength, long seed) {
    return SampleSets.build(requirement.path(), requirement.counts(), world, tokenizer, pairImages, seed, textLength);
  }
}
