package org.unimo.rewriting.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

class TfidfMinerTest {
  private static List<MinedCaption> mine(TfidfMiner miner, List<Caption> captions) {
    List<MinedCaption> out = new ArrayList<>();
    miner.mine(captions.iterator(), out::add);
    return out;
  }

  private static List<String> texts(MinedCaption mined) {
    return mined.neighbours().stream().map(Neighbour::text).toList();
  }

  @Test
  void theObviousNeighbourComesFirst() {
    List<Caption> captions =
        List.of(
            new Caption("1", "A giraffe eats leaves from a tall tree."),
            new Caption("2", "A red car is parked on the street."),
            new Caption("3", "A tall giraffe eating the leaves of a tree."),
            new Caption("4", "A blue car parked next to the street."),
            new Caption("5", "Two people play tennis on a clay court."));

    List<MinedCaption> mined = mine(TfidfMiner.builder().k(1).threads(1).build(), captions);

    assertThat(mined).extracting(MinedCaption::index).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(texts(mined.get(0))).containsExactly("A tall giraffe eating the leaves of a tree.");
    assertThat(texts(mined.get(1))).containsExactly("A blue car parked next to the street.");
    assertThat(texts(mined.get(2))).containsExactly("A giraffe eats leaves from a tall tree.");
    assertThat(mined.get(4).neighbours()).as("no other caption shares a term").isEmpty();
  }

  @Test
  void captionsOfTheSameImageAreNeverNegatives() {
    List<Caption> captions =
        List.of(
            new Caption("57", "A black dog catches a frisbee in the park."),
            new Caption("57", "A black dog catching a frisbee in a park."),
            new Caption("57", "The black dog leaps for a frisbee."),
            new Caption("58", "A dog runs in the park."),
            new Caption("59", "A cat sleeps on a sofa."));

    List<MinedCaption> mined = mine(TfidfMiner.builder().k(5).threads(1).build(), captions);

    for (int anchor = 0; anchor < 3; anchor++) {
      assertThat(mined.get(anchor).neighbours())
          .extracting(Neighbour::imageId)
          .containsExactly("58");
    }
    assertThat(mined.get(3).neighbours()).extracting(Neighbour::index).containsExactly(0L, 1L, 2L);
  }

  @Test
  void exactDuplicatesOfTheAnchorAreNeverNegatives() {
    List<Caption> captions =
        List.of(
            new Caption("1", "A man rides a wave on a surfboard."),
            new Caption("2", "a man  rides a wave on a surfboard"),
            new Caption("3", "A MAN RIDES A WAVE ON A SURFBOARD!"),
            new Caption("4", "A man rides a horse on the beach."));

    List<MinedCaption> mined = mine(TfidfMiner.builder().k(3).threads(1).build(), captions);

    assertThat(mined.get(0).neighbours()).extracting(Neighbour::imageId).containsExactly("4");
    assertThat(mined.get(3).neighbours()).extracting(Neighbour::imageId).containsExactly("1", "2", "3");
  }

  @Test
  void aRareSharedWordBeatsACommonSharedWord() {
    List<Caption> captions = new ArrayList<>();
    captions.add(new Caption("anchor", "A man with a zebra."));
    captions.add(new Caption("common", "A man with a kite."));
    captions.add(new Caption("rare", "A boy with a zebra."));
    for (int i = 0; i < 50; i++) {
      captions.add(new Caption("filler" + i, "A man in a room number " + i + "."));
    }

    List<MinedCaption> mined = mine(TfidfMiner.builder().k(2).threads(1).build(), captions);

    assertThat(mined.get(0).neighbours()).extracting(Neighbour::imageId).startsWith("rare");
    List<Neighbour> neighbours = mined.get(0).neighbours();
    assertThat(neighbours.get(0).score()).isGreaterThan(neighbours.get(1).score());
  }

  @Test
  void equalScoresGoToTheEarlierCaption() {
    List<Caption> captions =
        List.of(
            new Caption("1", "A kitchen with a stove."),
            new Caption("3", "A stove in a kitchen."),
            new Caption("2", "A kitchen with a stove and a sink."),
            new Caption("4", "A stove in a kitchen."));

    List<MinedCaption> mined = mine(TfidfMiner.builder().k(3).threads(1).build(), captions);

    assertThat(mined.get(0).neighbours()).extracting(Neighbour::index).containsExactly(1L, 3L, 2L);
    assertThat(mined.get(0).neighbours().get(0).score()).isEqualTo(mined.get(0).neighbours().get(1).score());
  }

  @Test
  void theOutputDoesNotDependOnTheThreadCount() {
    List<Caption> captions = randomCaptions(1200, 7);
    List<MinedCaption> one = mine(TfidfMiner.builder().k(4).threads(1).build(), captions);
    List<MinedCaption> two = mine(TfidfMiner.builder().k(4).threads(2).build(), captions);
    List<MinedCaption> five = mine(TfidfMiner.builder().k(4).threads(5).build(), captions);

    assertThat(one).hasSize(1200);
    assertThat(two).isEqualTo(one);
    assertThat(five).isEqualTo(one);
    assertThat(one).allSatisfy(m -> assertThat(m.neighbours()).hasSize(4));
  }

  @Test
  void negativesBecomeTfidfSamplesNamingTheirSource() {
    List<Caption> captions =
        List.of(new Caption("10", "A bus on a street."), new Caption("11", "A red bus on the street."));

    List<Sample> samples = mine(TfidfMiner.builder().threads(1).build(), captions).get(0).samples();

    assertThat(samples).hasSize(1);
    assertThat(samples.get(0).kind()).isEqualTo(SampleKind.TFIDF);
    assertThat(samples.get(0).value()).isEqualTo("A red bus on the street.");
    assertThat(samples.get(0).source()).matches("caption 1 \\(image 11\\), score \\d+\\.\\d{3}");
  }

  @Test
  void progressHooksHearTheFinalCounts() {
    List<Long> indexed = new ArrayList<>();
    List<Long> mined = new ArrayList<>();
    TfidfMiner miner =
        TfidfMiner.builder().threads(2).onIndexed(indexed::add).onMined(mined::add).build();

    mine(miner, randomCaptions(9000, 3));

    assertThat(indexed).isSorted().contains(4096L, 8192L).endsWith(9000L);
    assertThat(mined).isSorted().endsWith(9000L);
  }

  @Test
  void anIndexOnDiskIsDeletedOnClose(@TempDir Path work) throws IOException {
    TfidfMiner miner = TfidfMiner.builder().workDirectory(work).threads(1).build();
    try (CaptionIndex index = miner.index(randomCaptions(100, 1).iterator())) {
      assertThat(index.size()).isEqualTo(100);
      try (Stream<Path> files = Files.list(work)) {
        assertThat(files).hasSize(1);
      }
      assertThat(index.mine(0).neighbours()).isNotEmpty();
    }
    try (Stream<Path> files = Files.list(work)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void anEmptyCorpusMinesNothing() {
    List<Long> mined = new ArrayList<>();
    assertThat(mine(TfidfMiner.builder().onMined(mined::add).build(), List.of())).isEmpty();
    assertThat(mined).containsExactly(0L);
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> TfidfMiner.builder().k(0)).hasMessageContaining("k must be positive, was 0");
    assertThatThrownBy(() -> TfidfMiner.builder().threads(0)).hasMessageContaining("threads");
    assertThat(TfidfMiner.builder().k(7).build().toBuilder().build().k()).isEqualTo(7);
  }

  /**
   * Captions over a 400-word vocabulary with a few frequent words, three per image, so that ties
   * and shared words abound while each query stays selective enough to be quick.
   */
  static List<Caption> randomCaptions(int count, long seed) {
    String[] frequent = {"dog", "man", "street", "red", "sitting", "table"};
    Random random = new Random(seed);
    List<Caption> captions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder text = new StringBuilder("A");
      int length = 2 + random.nextInt(5);
      for (int w = 0; w < length; w++) {
        text.append(' ');
        if (random.nextInt(3) == 0) {
          text.append(frequent[random.nextInt(frequent.length)]);
        } else {
          text.append("thing").append(random.nextInt(400));
        }
      }
      captions.add(new Caption(Integer.toString(i / 3), text.append('.').toString()));
    }
    return captions;
  }
}
