package org.unimo.rewriting.scene;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.scene.Unit.Kind;

/**
 * Reads a scene graph out of an ordinary English caption, remembering for every object,
 * attribute and relation the tokens it came from.
 *
 * <pre>{@code
 * CaptionParser parser = CaptionParser.create();
 * ParsedCaption p = parser.parse("a man in a red shirt rides a brown horse on the beach");
 * // objects:   man, shirt [red], horse [brown], beach
 * // relations: man -in-> shirt, man -rides-> horse, horse -on-> beach
 * }</pre>
 *
 * <p>A rule-based tagger and chunker, no statistics:
 *
 * <ol>
 *   <li><b>Tagging.</b> Closed-class words come from lists ({@link Tagger}), multiword
 *       prepositions ("next to", "in front of", "to the left of") and quantities ("a group of")
 *       first; every other word gets what WordNet says it can be: noun (with its singular),
 *       verb (with its form), adjective, adverb. Colors, sizes and materials are adjectives.
 *       Words WordNet does not know are taken for nouns.
 *   <li><b>Noun phrases.</b> Determiners and numerals, then adjectives, participles and nouns;
 *       the last word that can be a noun is the head, the words before it its attributes. A
 *       noun phrase ends after a plural noun, and at a word after its noun that reads as a verb:
 *       an -ing or -ed form ("a man riding"), or an -s form after a singular determiner ("a
 *       man rides"). Before any noun, -ing and -ed forms are attributes ("a sleeping cat").
 *       Two nouns that WordNet knows together ("hot dog") make one noun.
 *   <li><b>Relations.</b> The words between two noun phrases, without leading auxiliaries,
 *       relative pronouns and adverbs, are the predicate when they start with a preposition
 *       or a verb: "rides", "in", "next to", "is standing near" (predicate "standing near").
 *       A preposition attaches to the nearest preceding noun phrase that is not itself the
 *       object of a preposition ("a plate of food ... on a table": the plate is on the table).
 *       A verb's subject is found the same way, so "a man in a red shirt rides" makes the man
 *       ride. A predicate after "and" keeps the subject of the previous relation ("a circle is
 *       above a square and to the left of a triangle"); a noun phrase after "and" or a comma
 *       shares the role of the one before it.
 * </ol>
 *
 * <p>Known limits: no real syntax, so attachment is a guess ("a woman holding an umbrella next
 * to a car" puts the umbrella next to the car); pronouns, copulas ("a cat is a pet") and
 * clause breaks end relations; a plural names one object whose mention carries the count.
 * Parsing never fails: words that fit no rule are simply not part of the graph.
 *
 * <p>Thread-safe. WordNet lookups are cached per word, so a warm parser reads tens of thousands of
 * captions a second.
 */
public final class CaptionParser {
  private static final int CLAUSE = 0;
  private static final int PREPOSITION_OBJECT = 1;
  private static final int VERB_OBJECT = 2;

  private static final Map<String, PredicateForm> DO_FORMS =
      Map.of("does", PredicateForm.PRESENT, "do", PredicateForm.BASE, "did", PredicateForm.PAST);

  private final WordNetLexicon lexicon;
  private final Tagger tagger;

  private CaptionParser(WordNetLexicon lexicon) {
    this.lexicon = lexicon;
    this.tagger = new Tagger(lexicon);
  }

  /**
   * A parser over WordNet 3.1 from the class path, shared with every other parser of the process.
   *
   * @throws IllegalStateException if WordNet cannot be read
   */
  public static CaptionParser create() {
    return new CaptionParser(WordNetLexicon.shared());
  }

  WordNetLexicon lexicon() {
    return lexicon;
  }

  /** The scene graph of {@code caption} with where each element was written; never null. */
  public ParsedCaption parse(String caption) {
    List<Token> tokens = CaptionTokens.split(caption);
    List<String> lower = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      lower.add(WordNetLexicon.lower(t.text()));
    }
    List<Unit> units = tokens.isEmpty() ? List.of() : tagger.tag(lower);
    List<Phrase> phrases = chunk(units);
    return relate(caption, tokens, units, phrases);
  }

  /** A noun phrase over units {@code [start, end)}, before it is placed in the graph. */
  private record Phrase(int start, int end, SceneObject object, ObjectMention mention) {}

  private List<Phrase> chunk(List<Unit> units) {
    List<Phrase> phrases = new ArrayList<>();
    int u = 0;
    while (u < units.size()) {
      Unit unit = units.get(u);
      if (unit.is(Kind.DETERMINER) || unit.is(Kind.WORD) && !readsAsVerb(units, u, phrases)) {
        Phrase phrase = nounPhrase(units, u);
        if (phrase != null) {
          phrases.add(phrase);
          u = phrase.end();
          continue;
        }
      }
      u++;
    }
    return phrases;
  }

  /** Whether the open-class word at {@code u}, outside any noun phrase, is a verb. */
  private static boolean readsAsVerb(List<Unit> units, int u, List<Phrase> phrases) {
    WordInfo info = units.get(u).word();
    if (!info.canBeVerb()) {
      return false;
    }
    if (!info.canBeNoun() && !info.adjective() && AttributeCategory.listed(units.get(u).text()) == null) {
      return true;
    }
    int p = u - 1;
    while (p >= 0 && units.get(p).is(Kind.ADVERB)) {
      p--;
    }
    if (p < 0) {
      return false;
    }
    Unit previous = units.get(p);
    PredicateForm form = info.verbForm();
    if (previous.is(Kind.AUXILIARY) || previous.is(Kind.RELATIVE)) {
      return true;
    }
    Phrase last = phrases.isEmpty() ? null : phrases.get(phrases.size() - 1);
    if (last != null && last.end() == p + 1) {
      return form != PredicateForm.BASE || last.mention().plural();
    }
    if (previous.is(Kind.CONJUNCTION) || previous.is(Kind.COMMA)) {
      boolean participle = form == PredicateForm.PROGRESSIVE || form == PredicateForm.PAST;
      boolean nounFollows = u + 1 < units.size() && units.get(u + 1).is(Kind.WORD) && units.get(u + 1).word().canBeNoun();
      return participle && !nounFollows || form == PredicateForm.PRESENT && info.verbSenses() > info.nounSenses();
    }
    return false;
  }

  private @Nullable Phrase nounPhrase(List<Unit> units, int start) {
    int u = start;
    int count = -1;
    Unit lastDeterminer = null;
    while (u < units.size() && units.get(u).is(Kind.DETERMINER)) {
      lastDeterminer = units.get(u);
      if (lastDeterminer.count() >= 0) {
        count = lastDeterminer.count();
      }
      u++;
    }
    boolean singularDeterminer = lastDeterminer != null && Tagger.INDEFINITE.contains(lastDeterminer.text());
    List<Integer> words = new ArrayList<>();
    boolean haveNoun = false;
    boolean lastPlural = false;
    while (u < units.size()) {
      Unit unit = units.get(u);
      Unit next = u + 1 < units.size() ? units.get(u + 1) : null;
      boolean nextIsWord = next != null && next.is(Kind.WORD);
      if (unit.is(Kind.ADVERB) && nextIsWord && !haveNoun) {
        u++; // "a very large dog": the adverb stays in the text and is no attribute
        continue;
      }
      if (unit.is(Kind.CONJUNCTION) && unit.text().equals("and") && !haveNoun && !words.isEmpty()
          && nextIsWord && isModifier(next)) {
        u++; // "a black and white cat"
        continue;
      }
      if (!unit.is(Kind.WORD)) {
        break;
      }
      WordInfo info = unit.word();
      boolean listed = AttributeCategory.listed(unit.text()) != null;
      PredicateForm form = info.verbForm();
      boolean participle = form == PredicateForm.PROGRESSIVE || form == PredicateForm.PAST;
      if (haveNoun && !listed) {
        if (lastPlural) {
          break;
        }
        if (info.canBeVerb()) {
          boolean verbOverNoun = info.verbSenses() > info.nounSenses();
          if (participle && !(info.canBeNoun() && nextIsWord && next.word().canBeNoun())
              || form == PredicateForm.PRESENT && (singularDeterminer || lastDeterminer == null && verbOverNoun)
              || !info.canBeNoun() && !info.adjective()) {
            break;
          }
        }
      } else if (participle && !listed && !info.adjective()) {
        boolean modifies = nextIsWord && (next.word().canBeNoun() || next.word().adjective());
        if (!modifies && !info.canBeNoun()) {
          break;
        }
      }
      if (!info.canBeNoun() && !info.adjective() && !listed && !participle) {
        break;
      }
      words.add(u);
      if (info.canBeNoun() && !listed) {
        haveNoun = true;
        lastPlural = info.plural();
      }
      u++;
    }
    int head = -1;
    for (int i = words.size() - 1; i >= 0 && head < 0; i--) {
      Unit w = units.get(words.get(i));
      if (w.word().canBeNoun() && AttributeCategory.listed(w.text()) == null) {
        head = i;
      }
    }
    for (int i = words.size() - 1; i >= 0 && head < 0; i--) {
      if (units.get(words.get(i)).word().nounLemma() != null) {
        head = i;
      }
    }
    if (head < 0) {
      return null;
    }
    Unit headUnit = units.get(words.get(head));
    WordInfo headInfo = headUnit.word();
    String noun = headInfo.nounLemma() == null ? headUnit.text() : headInfo.nounLemma();
    int nounStart = head;
    if (head > 0) {
      Unit modifier = units.get(words.get(head - 1));
      boolean adjacent = modifier.end() == headUnit.start();
      WordInfo m = modifier.word();
      // "tennis racket", "living room"; not "young girl" or "white house", which keep the adjective
      boolean nounLike = m.nounLemma() != null && (!m.adjective() || m.verbForm() == PredicateForm.PROGRESSIVE);
      if (adjacent && nounLike && AttributeCategory.listed(modifier.text()) == null
          && lexicon.isCompound(modifier.text(), noun)) {
        noun = modifier.text() + " " + noun;
        nounStart = head - 1;
      }
    }
    List<String> attributes = new ArrayList<>();
    List<AttributeMention> attributeMentions = new ArrayList<>();
    for (int i = 0; i < nounStart; i++) {
      Unit w = units.get(words.get(i));
      attributes.add(w.text());
      attributeMentions.add(new AttributeMention(Span.of(w.start()), category(w)));
    }
    boolean plural = headInfo.plural() || count > 1 || count == 0;
    NounUse use;
    if (plural) {
      use = NounUse.PLURAL;
    } else if (lastDeterminer == null) {
      use = NounUse.BARE;
    } else {
      use = singularDeterminer ? NounUse.INDEFINITE : NounUse.DEFINITE;
    }
    Unit first = units.get(words.get(0));
    Span article = null;
    if (lastDeterminer != null && lastDeterminer.end() == first.start()
        && (lastDeterminer.text().equals("a") || lastDeterminer.text().equals("an"))) {
      article = new Span(lastDeterminer.start(), lastDeterminer.end());
    }
    int end = words.get(head) + 1;
    Span phraseSpan = new Span(units.get(start).start(), headUnit.end());
    Span nounSpan = new Span(units.get(words.get(nounStart)).start(), headUnit.end());
    ObjectMention mention =
        new ObjectMention(
            phraseSpan, nounSpan, article, attributeMentions, use, plural ? Math.max(count, 0) : 1);
    return new Phrase(start, end, new SceneObject(noun, attributes), mention);
  }

  private static boolean isModifier(Unit unit) {
    return AttributeCategory.listed(unit.text()) != null || unit.word().adjective() && !unit.word().canBeNoun();
  }

  private static AttributeCategory category(Unit unit) {
    AttributeCategory listed = AttributeCategory.listed(unit.text());
    if (listed != null) {
      return listed;
    }
    WordInfo info = unit.word();
    boolean participle = info.verbForm() == PredicateForm.PROGRESSIVE || info.verbForm() == PredicateForm.PAST;
    return info.nounLemma() != null && !info.adjective() && !participle ? AttributeCategory.KIND : AttributeCategory.OTHER;
  }

  private ParsedCaption relate(String caption, List<Token> tokens, List<Unit> units, List<Phrase> phrases) {
    int n = phrases.size();
    int[] role = new int[n];
    int[] parent = new int[n];
    int[] group = new int[n];
    List<Relation> relations = new ArrayList<>();
    List<Span> spans = new ArrayList<>();
    List<PredicateForm> forms = new ArrayList<>();
    List<Integer> lastSubjects = List.of();
    for (int k = 0; k < n; k++) {
      group[k] = k;
      if (k == 0) {
        continue;
      }
      int a = k - 1;
      int u = phrases.get(a).end();
      int gapEnd = phrases.get(k).start();
      boolean coordinated = false;
      boolean broken = false;
      for (int g = u; g < gapEnd; g++) {
        Kind kind = units.get(g).kind();
        broken |= kind == Kind.BREAK || kind == Kind.EXISTENTIAL || kind == Kind.PRONOUN || kind == Kind.DETERMINER;
      }
      while (u < gapEnd && (units.get(u).is(Kind.COMMA) || units.get(u).is(Kind.CONJUNCTION))) {
        coordinated = true;
        u++;
      }
      int doVerb = -1;
      while (u < gapEnd && (units.get(u).is(Kind.AUXILIARY) || units.get(u).is(Kind.RELATIVE)
          || units.get(u).is(Kind.ADVERB))) {
        doVerb = DO_FORMS.containsKey(units.get(u).text()) ? u : doVerb;
        u++;
      }
      if (u == gapEnd && doVerb >= 0) {
        u = doVerb; // "a skateboarder does a trick": "does" is the verb, not an auxiliary
      }
      int restStart = u;
      PredicateForm form = PredicateForm.PREPOSITION;
      boolean sawVerb = restStart < gapEnd && DO_FORMS.containsKey(units.get(restStart).text());
      if (sawVerb) {
        form = DO_FORMS.get(units.get(restStart).text());
      }
      for (int g = restStart; g < gapEnd && !broken; g++) {
        Unit unit = units.get(g);
        if (unit.is(Kind.WORD)) {
          if (!unit.word().canBeVerb()) {
            broken = true;
          } else if (!sawVerb) {
            sawVerb = true;
            form = unit.word().verbForm();
          }
        } else if (!(unit.is(Kind.PREPOSITION) || unit.is(Kind.ADVERB) || unit.is(Kind.AUXILIARY))) {
          broken = true;
        }
      }
      boolean startsPredicate = restStart < gapEnd
          && (units.get(restStart).is(Kind.PREPOSITION) || units.get(restStart).is(Kind.WORD) || sawVerb);
      if (broken || restStart == gapEnd && !coordinated || restStart < gapEnd && !startsPredicate) {
        lastSubjects = List.of();
        continue;
      }
      if (restStart == gapEnd) {
        // "broccoli and rice": the second phrase shares every relation the first is object of.
        group[k] = group[a];
        role[k] = role[a];
        parent[k] = parent[a];
        int existing = relations.size();
        for (int r = 0; r < existing; r++) {
          Relation relation = relations.get(r);
          if (relation.object() == a) {
            relations.add(new Relation(relation.subject(), relation.predicate(), k));
            spans.add(spans.get(r));
            forms.add(forms.get(r));
          }
        }
        continue;
      }
      List<Integer> subjects;
      if (coordinated && !lastSubjects.isEmpty()) {
        subjects = lastSubjects;
      } else {
        int x = a;
        while (role[x] == PREPOSITION_OBJECT) {
          x = parent[x];
        }
        subjects = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          if (group[i] == group[x]) {
            subjects.add(i);
          }
        }
      }
      StringBuilder predicate = new StringBuilder();
      for (int g = restStart; g < gapEnd; g++) {
        predicate.append(predicate.length() == 0 ? "" : " ").append(units.get(g).text());
      }
      Span span = new Span(units.get(restStart).start(), units.get(gapEnd - 1).end());
      for (int s : subjects) {
        relations.add(new Relation(s, predicate.toString(), k));
        spans.add(span);
        forms.add(form);
      }
      role[k] = form == PredicateForm.PREPOSITION ? PREPOSITION_OBJECT : VERB_OBJECT;
      parent[k] = subjects.get(0);
      lastSubjects = subjects;
    }
    Map<Span, Integer> uses = new HashMap<>();
    for (Span s : spans) {
      uses.merge(s, 1, Integer::sum);
    }
    List<RelationMention> relationMentions = new ArrayList<>(spans.size());
    for (int r = 0; r < spans.size(); r++) {
      relationMentions.add(new RelationMention(spans.get(r), forms.get(r), uses.get(spans.get(r)) > 1));
    }
    List<SceneObject> objects = new ArrayList<>(n);
    List<ObjectMention> objectMentions = new ArrayList<>(n);
    for (Phrase p : phrases) {
      objects.add(p.object());
      objectMentions.add(p.mention());
    }
    return new ParsedCaption(caption, tokens, new SceneGraph(objects, relations), objectMentions, relationMentions);
  }
}
