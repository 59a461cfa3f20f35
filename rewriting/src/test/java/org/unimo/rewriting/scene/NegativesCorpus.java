package org.unimo.rewriting.scene;

import java.util.List;

/** A small caption corpus to harvest a vocabulary from. */
final class NegativesCorpus {
  static final List<String> CAPTIONS =
      List.of(
          "a man in a red shirt rides a brown horse on the beach",
          "a woman holds a black dog in a park",
          "a cow standing in a green field",
          "a girl riding a white horse near a fence",
          "a boy holding a kite on the beach",
          "two dogs playing with a frisbee in a grassy park",
          "three cats sleeping on a couch",
          "two horses standing next to a barn",
          "a woman holding an umbrella next to a red car",
          "an automobile parked on a street",
          "a blue truck parked near a tree",
          "a red apple on a table",
          "an orange cat on a blue blanket",
          "a green apple next to a yellow banana",
          "a small dog under a large table",
          "a tall giraffe behind a wooden fence",
          "a plate of food with broccoli and rice on a wooden table",
          "a bowl of soup with bread",
          "a man carries a surfboard on the beach",
          "a woman sits on a bench",
          "a child eats a sandwich at a table",
          "people are standing near a large white bus",
          "a cat sitting on top of a chair",
          "a dog lying on a bed",
          "a bird perched on a branch",
          "an elephant walking through the tall grass",
          "a sheep grazing in a field",
          "a man wearing a black hat",
          "a girl in a pink dress holding a teddy bear",
          "a train on the tracks near a station",
          "a small red circle to the left of a large blue square",
          "a large green triangle is above a small purple cross",
          "a yellow diamond below an orange square");

  private NegativesCorpus() {}
}
