package org.unimo.rewriting.tokenizer;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A byte-level BPE tokenizer trained on a corpus, as in GPT-2 and RoBERTa.
 *
 * <p>Id layout: the {@link SpecialTokens} ({@code 0..5}), then one symbol per byte value ({@code 6
 * + byte}), then one symbol per merge ({@code 262 + merge index}). Because every byte has a symbol,
 * any text can be encoded without an unknown token, and decoding restores it exactly.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ByteLevelBpe implements Tokenizer {
  /** First header line of the merges file; bumped if the id layout ever changes. */
  static final String HEADER = "#unimo-byte-bpe v1";

  /** Id of the first byte symbol. */
  private static final int BYTE_BASE = SpecialTokens.COUNT;

  /** Id of the first merged symbol: specials and the 256 byte symbols come first. */
  static final int MERGE_BASE = BYTE_BASE + 256;

  /**
   * Bounds the per-word cache. Caption vocabularies have tens of thousands of word types, and the
   * Zipfian head is what the cache is for; the tail is cheap to recompute.
   */
  private static final int CACHE_SIZE = 65_536;

  /**
   * Longer pre-tokens (runs of digits or symbols, base64 blobs) are rare and would bloat the cache.
   */
  private static final int MAX_CACHED_WORD_CHARS = 64;

  private final int[] mergeLeft;
  private final int[] mergeRight;

  /** Pair key ({@link #pairKey}) to merge rank. */
  private final Map<Long, Integer> ranks;

  /** Bytes of each id's piece; empty for specials. */
  private final byte[][] pieces;

  private final boolean[] wordStart;
  private final Cache<String, int[]> cache =
      CacheBuilder.newBuilder().maximumSize(CACHE_SIZE).build();

  private ByteLevelBpe(int[] mergeLeft, int[] mergeRight) {
    this.mergeLeft = mergeLeft;
    this.mergeRight = mergeRight;
    int merges = mergeLeft.length;
    this.ranks = new HashMap<>(merges * 2);
    for (int r = 0; r < merges; r++) {
      ranks.put(pairKey(mergeLeft[r], mergeRight[r]), r);
    }
    this.pieces = new byte[MERGE_BASE + merges][];
    for (int id = 0; id < BYTE_BASE; id++) {
      pieces[id] = new byte[0];
    }
    for (int b = 0; b < 256; b++) {
      pieces[BYTE_BASE + b] = new byte[] {(byte) b};
    }
    for (int r = 0; r < merges; r++) {
      byte[] left = pieces[mergeLeft[r]];
      byte[] right = pieces[mergeRight[r]];
      byte[] joined = Arrays.copyOf(left, left.length + right.length);
      System.arraycopy(right, 0, joined, left.length, right.length);
      pieces[MERGE_BASE + r] = joined;
    }
    this.wordStart = new boolean[pieces.length];
    for (int id = 0; id < pieces.length; id++) {
      wordStart[id] = SpecialTokens.isSpecial(id) || Utf8.startsWithAsciiWhitespace(pieces[id]);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Training

  /**
   * Trains merges on {@code corpus} until the vocabulary has {@code vocabSize} ids or no adjacent
   * pair occurs at least twice.
   *
   * <p>Each text is pre-tokenized GPT-2 style; merges are learned over word types weighted by their
   * counts, always merging the most frequent pair. Ties go to the pair with the smallest (left id,
   * right id), so the same corpus and size always give the same merges, whatever the iteration
   * order of the corpus.
   *
   * @param vocabSize total ids wanted, at least {@code 262} (6 specials + 256 bytes)
   * @throws IllegalArgumentException if {@code vocabSize < 262}
   */
  public static ByteLevelBpe train(Iterable<String> corpus, int vocabSize) {
    Objects.requireNonNull(corpus, "corpus");
    if (vocabSize < MERGE_BASE) {
      throw new IllegalArgumentException(
          "vocabSize must be at least " + MERGE_BASE + " (specials + bytes), got " + vocabSize);
    }
    int wanted = vocabSize - MERGE_BASE;

    Map<String, long[]> wordCounts = new HashMap<>();
    for (String text : corpus) {
      for (String word : PreTokenizer.split(text)) {
        wordCounts.computeIfAbsent(word, w -> new long[1])[0]++;
      }
    }
    int[][] words = new int[wordCounts.size()][];
    long[] freq = new long[words.length];
    int n = 0;
    for (Map.Entry<String, long[]> e : wordCounts.entrySet()) {
      byte[] bytes = Utf8.encode(e.getKey());
      int[] symbols = new int[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        symbols[i] = BYTE_BASE + (bytes[i] & 0xFF);
      }
      words[n] = symbols;
      freq[n] = e.getValue()[0];
      n++;
    }
    wordCounts = Map.of(); // the strings are no longer needed; let a large corpus be collected

    Trainer trainer = new Trainer(words, freq);
    return new ByteLevelBpe(trainer.run(wanted));
  }

  private ByteLevelBpe(List<int[]> merges) {
    this(
        merges.stream().mapToInt(m -> m[0]).toArray(),
        merges.stream().mapToInt(m -> m[1]).toArray());
  }

  /** Occurrences of one adjacent pair: weighted count and the words that may contain it. */
  private static final class PairStat {
    long count;

    /** Word indices; may name words that no longer contain the pair (checked when merging). */
    int[] words = new int[4];

    int size;

    void addWord(int w) {
      // Words are visited one at a time, so a repeat can only be the last entry.
      if (size > 0 && words[size - 1] == w) {
        return;
      }
      if (size == words.length) {
        words = Arrays.copyOf(words, size * 2);
      }
      words[size++] = w;
    }
  }

  /** A heap entry; stale once the pair's count has changed since it was pushed. */
  private record Candidate(long count, long key) {}

  /**
   * Incremental BPE training: pair counts are kept up to date by re-counting only the words that
   * contain the merged pair, and the best pair comes from a lazily cleaned max-heap. A full recount
   * per merge would cost O(corpus) for each of thousands of merges.
   */
  private static final class Trainer {
    private final int[][] words;
    private final long[] freq;
    private final Map<Long, PairStat> stats = new HashMap<>();
    private final PriorityQueue<Candidate> heap =
        new PriorityQueue<>(
            (x, y) -> {
              int byCount = Long.compare(y.count(), x.count()); // most frequent first
              // Keys are (left << 32 | right) with non-negative ids: numeric order is (left,
              // right).
              return byCount != 0 ? byCount : Long.compare(x.key(), y.key());
            });

    /** Merge index at which each word was last rewritten, to skip duplicate word-list entries. */
    private final int[] visitedAt;

    Trainer(int[][] words, long[] freq) {
      this.words = words;
      this.freq = freq;
      this.visitedAt = new int[words.length];
      Arrays.fill(visitedAt, -1);
      for (int w = 0; w < words.length; w++) {
        int[] s = words[w];
        for (int i = 0; i + 1 < s.length; i++) {
          PairStat st = stats.computeIfAbsent(pairKey(s[i], s[i + 1]), k -> new PairStat());
          st.count += freq[w];
          st.addWord(w);
        }
      }
      stats.forEach((key, st) -> heap.add(new Candidate(st.count, key)));
    }

    List<int[]> run(int wanted) {
      List<int[]> merges = new ArrayList<>(wanted);
      Map<Long, Long> delta = new HashMap<>();
      Set<Long> changed = new HashSet<>();
      while (merges.size() < wanted) {
        Candidate best = heap.poll();
        if (best == null) {
          break;
        }
        PairStat st = stats.get(best.key());
        if (st == null || st.count != best.count()) {
          continue; // stale entry
        }
        if (best.count() < 2) {
          break; // the heap is ordered by count, so no remaining pair occurs twice
        }
        int index = merges.size();
        int a = (int) (best.key() >>> 32);
        int b = (int) best.key();
        int merged = MERGE_BASE + index;
        merges.add(new int[] {a, b});
        // Every occurrence gets merged, and (a, b) can never become adjacent again: merging only
        // creates pairs that involve the new symbol.
        stats.remove(best.key());
        changed.clear();

        for (int k = 0; k < st.size; k++) {
          int w = st.words[k];
          if (visitedAt[w] == index) {
            continue;
          }
          visitedAt[w] = index;
          int[] old = words[w];
          int[] now = mergePair(old, a, b, merged);
          if (now.length == old.length) {
            continue; // listed, but lost the pair to an earlier merge
          }
          words[w] = now;
          // Recount the word's pairs as a net change; pairs away from the merge cancel out and so
          // are neither touched nor re-pushed.
          delta.clear();
          for (int i = 0; i + 1 < old.length; i++) {
            delta.merge(pairKey(old[i], old[i + 1]), -freq[w], Long::sum);
          }
          for (int i = 0; i + 1 < now.length; i++) {
            delta.merge(pairKey(now[i], now[i + 1]), freq[w], Long::sum);
          }
          for (Map.Entry<Long, Long> e : delta.entrySet()) {
            long d = e.getValue();
            long key = e.getKey();
            if (d == 0 || key == best.key()) {
              continue;
            }
            PairStat ps = stats.computeIfAbsent(key, x -> new PairStat());
            ps.count += d;
            if (d > 0) {
              ps.addWord(w);
            }
            if (ps.count <= 0) {
              // Pairs without the new symbol only shrink from here on; see above.
              stats.remove(key);
            }
            changed.add(key);
          }
        }
        for (Long key : changed) {
          PairStat ps = stats.get(key);
          if (ps != null) {
            heap.add(new Candidate(ps.count, key));
          }
        }
      }
      return merges;
    }
  }

  /**
   * Replaces non-overlapping occurrences of {@code (a, b)}, scanning left to right, with {@code
   * merged}; returns {@code symbols} itself when there is none.
   */
  private static int[] mergePair(int[] symbols, int a, int b, int merged) {
    int[] out = null;
    int w = 0;
    for (int i = 0; i < symbols.length; ) {
      if (i + 1 < symbols.length && symbols[i] == a && symbols[i + 1] == b) {
        if (out == null) {
          out = new int[symbols.length - 1];
          System.arraycopy(symbols, 0, out, 0, i);
          w = i;
        }
        out[w++] = merged;
        i += 2;
      } else {
        if (out != null) {
          out[w] = symbols[i];
        }
        w++;
        i++;
      }
    }
    return out == null ? symbols : Arrays.copyOf(out, w);
  }

  // ---------------------------------------------------------------------------------------------
  // Encoding and decoding

  @Override
  public int vocabSize() {
    return pieces.length;
  }

  @Override
  public int[] encode(String text) {
    int[] out = new int[Math.max(16, text.length())];
    int n = 0;
    for (String word : PreTokenizer.split(text)) {
      int[] ids = encodeWord(word);
      if (n + ids.length > out.length) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, n + ids.length));
      }
      System.arraycopy(ids, 0, out, n, ids.length);
      n += ids.length;
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * Returns the ids of one pre-token; the array may be shared through the cache, never mutate it.
   */
  private int[] encodeWord(String word) {
    boolean cacheable = word.length() <= MAX_CACHED_WORD_CHARS;
    if (cacheable) {
      int[] hit = cache.getIfPresent(word);
      if (hit != null) {
        return hit;
      }
    }
    int[] ids = bpe(word);
    if (cacheable) {
      cache.put(word, ids);
    }
    return ids;
  }

  /** GPT-2's BPE: repeatedly merges the adjacent pair whose merge was learned first. */
  private int[] bpe(String word) {
    byte[] bytes = Utf8.encode(word);
    int[] s = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      s[i] = BYTE_BASE + (bytes[i] & 0xFF);
    }
    int n = s.length;
    while (n > 1) {
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < n; i++) {
        Integer r = ranks.get(pairKey(s[i], s[i + 1]));
        if (r != null && r < bestRank) {
          bestRank = r;
        }
      }
      if (bestRank == Integer.MAX_VALUE) {
        break;
      }
      int a = mergeLeft[bestRank];
      int b = mergeRight[bestRank];
      int w = 0;
      for (int i = 0; i < n; ) {
        if (i + 1 < n && s[i] == a && s[i + 1] == b) {
          s[w++] = MERGE_BASE + bestRank;
          i += 2;
        } else {
          s[w++] = s[i++];
        }
      }
      n = w;
    }
    return n == s.length ? s : Arrays.copyOf(s, n);
  }

  @Override
  public String decode(int[] ids) {
    return Utf8.decodePieces(ids, this::piece);
  }

  @Override
  public String kind() {
    return "byte_bpe";
  }

  @Override
  public boolean startsWord(int id) {
    checkId(id);
    return wordStart[id];
  }

  /** Returns the learned merges in rank order, each as {@code {leftId, rightId}}; a fresh copy. */
  public List<int[]> merges() {
    List<int[]> out = new ArrayList<>(mergeLeft.length);
    for (int r = 0; r < mergeLeft.length; r++) {
      out.add(new int[] {mergeLeft[r], mergeRight[r]});
    }
    return Collections.unmodifiableList(out);
  }

  private byte[] piece(int id) {
    checkId(id);
    return pieces[id];
  }

  private void checkId(int id) {
    if (id < 0 || id >= pieces.length) {
      throw new IllegalArgumentException(
          "token id " + id + " out of range [0, " + pieces.length + ")");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Persistence

  /**
   * Writes the merges to {@code file}: the line {@value #HEADER}, then one merge per line as two
   * decimal symbol ids separated by a space. The file is written beside its destination and renamed
   * into place, so a crash never leaves a truncated vocabulary that would silently change ids.
   */
  public void write(Path file) throws IOException {
    TextFiles.writeAtomically(
        file,
        out -> {
          out.write(HEADER);
          out.write('\n');
          for (int r = 0; r < mergeLeft.length; r++) {
            out.write(Integer.toString(mergeLeft[r]));
            out.write(' ');
            out.write(Integer.toString(mergeRight[r]));
            out.write('\n');
          }
        });
  }

  /**
   * Reads merges written by {@link #write(Path)}.
   *
   * @throws IOException if the file cannot be read or is malformed; the message names the file and
   *     the 1-based line number
   */
  public static ByteLevelBpe read(Path file) throws IOException {
    // The format is pure ASCII, so lines are split on bytes: a decoding reader would report a bad
    // byte at the line where its read-ahead buffer happened to start, not where the byte is.
    byte[] bytes = Files.readAllBytes(file);
    List<String> lines = new ArrayList<>();
    int lineStart = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i == bytes.length && i == lineStart && !lines.isEmpty()) {
          break; // the usual final newline does not open another line
        }
        int lineEnd = i > lineStart && bytes[i - 1] == '\r' ? i - 1 : i; // tolerate CRLF
        for (int j = lineStart; j < lineEnd; j++) {
          if (bytes[j] < 0x20 || bytes[j] > 0x7E) {
            throw malformed(
                file,
                lines.size() + 1,
                String.format(
                    "unexpected byte 0x%02X in column %d", bytes[j] & 0xFF, j - lineStart + 1));
          }
        }
        lines.add(new String(bytes, lineStart, lineEnd - lineStart, StandardCharsets.US_ASCII));
        lineStart = i + 1;
      }
    }
    if (bytes.length == 0) {
      throw malformed(file, 1, "empty file, expected header '" + HEADER + "'");
    }
    if (!lines.get(0).equals(HEADER)) {
      throw malformed(
          file, 1, "expected header '" + HEADER + "', found '" + abbreviate(lines.get(0)) + "'");
    }
    int merges = lines.size() - 1;
    int[] left = new int[merges];
    int[] right = new int[merges];
    Set<Long> seen = new HashSet<>();
    for (int rank = 0; rank < merges; rank++) {
      int lineNo = rank + 2;
      String line = lines.get(rank + 1);
      int space = line.indexOf(' ');
      if (space < 0 || line.indexOf(' ', space + 1) >= 0) {
        throw malformed(
            file, lineNo, "expected two ids separated by one space: '" + abbreviate(line) + "'");
      }
      int a = parseId(file, lineNo, line.substring(0, space));
      int b = parseId(file, lineNo, line.substring(space + 1));
      // A merge may only use bytes and earlier merges, which also rules out cycles.
      int limit = MERGE_BASE + rank;
      if (a < BYTE_BASE || a >= limit || b < BYTE_BASE || b >= limit) {
        throw malformed(
            file,
            lineNo,
            "merge " + a + " " + b + " must use ids in [" + BYTE_BASE + ", " + limit + ")");
      }
      if (!seen.add(pairKey(a, b))) {
        throw malformed(file, lineNo, "duplicate merge " + a + " " + b);
      }
      left[rank] = a;
      right[rank] = b;
    }
    return new ByteLevelBpe(left, right);
  }

  private static int parseId(Path file, int lineNo, String s) throws IOException {
    // parseInt alone would accept "+7" and "-0"; ids are plain digits.
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw malformed(file, lineNo, "not a symbol id: '" + abbreviate(s) + "'");
    }
    return Integer.parseInt(s);
  }

  private static IOException malformed(Path file, int lineNo, String message) {
    return new IOException(file + ":" + lineNo + ": malformed BPE merges file: " + message);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  // ---------------------------------------------------------------------------------------------

  /** Packs a pair of non-negative ids so that numeric order equals (left, right) order. */
  private static long pairKey(int left, int right) {
    return ((long) left << 32) | (right & 0xFFFFFFFFL);
  }

  @Override
  public String toString() {
    return "ByteLevelBpe[vocabSize=" + vocabSize() + "]";
  }
}
