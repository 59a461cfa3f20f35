package org.unimo.tasks.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PtbTokenizer} against the official pipeline. Every expected string was computed by
 * running pycocoevalcap's {@code tokenizer/ptbtokenizer.py} (salaniz/pycocoevalcap@ad63453) with
 * CoreNLP's {@code PTBTokenizer} compiled from stanfordnlp/CoreNLP@v3.4.1 (the version the
 * scorer ships as a jar) on these captions, as the captions of one image, in this order.
 */
class PtbTokenizerTest {
  private static final List<String> CAPTIONS =
      List.of(
          "It's 3 o'clock and the dogs' bowls are empty.",
          "A sign with the letter b.",
          "A man in a t-shirt holds a 12-inch pizza, etc.",
          "A cat sits on a T.V. near Mr. Smith's car in the U.S.",
          "The kids aren't gonna eat 1/2 of the 3 1/2 pies at 5:30 p.m.",
          "A \"No Parking\" sign; a 'vintage' car -- red & white -- on Main St.",
          "Two men play frisbee...in the park!! Why? Because!",
          "A plate w/ food, a fork/knife and $3.50 worth of 50% off items #1",
          "A bus's side: \"Route 66\" e-mail me@example.com www.example.com <unk> rock'n'roll 'em",
          "An old 1950's car. A 90's style '90s",
          "Women's tennis at the 2012 Olympics [photo] {x} ~ ^ = + * ",
          "A dog with a frisbee -- in its mouth",
          "a 2-3 year old child, 10,000 people and 3.5kg ",
          "Ev'ry thing ain't y'all's c'mon",
          "they'd I'm we'll you've she'll",
          "Mr Smith",
          "The letter a.",
          "The letter a.",
          "the end",
          "\"Hello\" she said",
          "A 3-year-old",
          "anti-war pro-life",
          "I.",
          "See Fig. 3 and fig 4.",
          "the U.S.",
          "We",
          "go.",
          "A B.",
          "A man",
          "Co. Ltd. Co. ltd",
          "A \u201Csmart\u201D car\u2019s door \u2014 open\u2026",
          "Mom & Dad's B&W photo of AT&T's logo, ca. 1900.",
          "A plate of food with \u00BD a sandwich & \u00A35 note.",
          "the letter a.");

  private static final List<String> OFFICIAL =
      List.of(
          "it 's 3 o'clock and the dogs bowls are empty",
          "a sign with the letter b",
          "a man in a t-shirt holds a 12-inch pizza etc.",
          "a cat sits on a t.v. near mr. smith 's car in the u.s.",
          "the kids are n't gon na eat 1/2 of the 3\u00A01/2 pies at 5:30 p.m.",
          "a no parking sign a vintage car red & white on main st.",
          "two men play frisbee in the park !! why because",
          "a plate w / food a fork/knife and $ 3.50 worth of 50 % off items # 1",
          "a bus 's side route 66 e-mail me@example.com www.example.com <unk> rock 'n' roll 'em",
          "an old 1950 's car a 90 's style '90s",
          "women 's tennis at the 2012 olympics -lsb- photo -rsb- -lcb- x -rcb- ~ ^ = + *",
          "a dog with a frisbee in its mouth",
          "a 2-3 year old child 10,000 people and 3.5 kg",
          "ev'ry thing ai n't y' all 's c'mon",
          "they 'd i 'm we 'll you 've she 'll",
          "mr smith",
          "the letter a",
          "the letter a.",
          "the end",
          "hello she said",
          "a 3-year-old",
          "anti-war pro-life",
          "i.",
          "see fig. 3 and fig 4",
          "the u.s.",
          "we",
          "go",
          "a b",
          "a man",
          "co. ltd. co. ltd",
          "a smart car 's door open",
          "mom & dad 's b&w photo of at&t 's logo ca. 1900",
          "a plate of food with 1/2 a sandwich & # 5 note",
          "the letter a.");

  @Test
  void reproducesTheOfficialTokenizationCaptionByCaption() {
    List<String> ours = PtbTokenizer.tokenize(CAPTIONS);
    for (int i = 0; i < CAPTIONS.size(); i++) {
      assertThat(ours.get(i)).as(CAPTIONS.get(i)).isEqualTo(OFFICIAL.get(i));
    }
  }

  @Test
  void contractionsAndAssimilationsSplitAsInThePennTreebank() {
    // Same source as above: "do n't", "ca n't", "can not", "gon na"; possessive 's split off.
    assertThat(PtbTokenizer.tokenize("The kids can't, won't and cannot; they're gonna go."))
        .isEqualTo("the kids ca n't wo n't and can not they 're gon na go");
  }

  @Test
  void anAcronymBeforeASentenceStartLosesItsPeriodWhateverCaptionFollows() {
    // "the letter a." keeps "a." before "the end" (lower case) but gives "a" before "The letter":
    // the official tokenizer reads the captions as one text and looks into the next line.
    assertThat(PtbTokenizer.tokenize(List.of("The letter a.", "The letter a.", "the end")))
        .containsExactly("the letter a", "the letter a.", "the end");
    assertThat(PtbTokenizer.tokenize("the letter a.")).isEqualTo("the letter a.");
  }

  @Test
  void bracketsSurviveAsLowerCasedEscapesBecausePunctuationIsRemovedAfterLowerCasing() {
    assertThat(PtbTokenizer.tokenize("A boy (holding an umbrella) stands next to a cow."))
        .isEqualTo("a boy -lrb- holding an umbrella -rrb- stands next to a cow");
  }

  @Test
  void emptyAndPunctuationOnlyCaptionsKeepTheirPlace() {
    assertThat(PtbTokenizer.tokenize(List.of("...", "", "A dog."))).containsExactly("", "", "a dog");
  }
}
