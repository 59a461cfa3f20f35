package org.unimo.rewriting.retrieval;

import static java.util.Objects.requireNonNull;

import com.google.common.hash.Hashing;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.ClassicSimilarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
import org.jspecify.annotations.Nullable;

/**
 * The inverted index behind every retriever of this package: documents made of one or more text
 * values, each optionally in a group (the image a caption describes) and optionally with a
 * duplicate key (its normalized text), scored by Lucene's classic TF-IDF.
 *
 * <p>Documents are added on one thread through a {@link Writer}; {@link Writer#finish()} merges the
 * index into one segment, so a document's Lucene id is its add index and Lucene's tie-break (lower
 * id first) is input order. The finished index is read-only and {@link #search} is thread-safe.
 * The texts themselves live in a {@link TextStore}, not in Lucene's compressed stored fields, so a
 * hit's text costs no decompression.
 *
 * <p>Lucene only holds the terms. Exclusions (a group, duplicates of a text) are applied as hits
 * are collected ({@link ExcludingTopDocs}), so the query stays a pure disjunction on Lucene's
 * fastest top-k path (dynamic pruning by block maxima) and the result is exact. {@code MUST_NOT}
 * clauses on indexed group and duplicate keys were slower (up to twice, on 100,000 captions);
 * asking Lucene for k plus the excludable count and filtering afterwards lowers the pruning
 * threshold.
 */
final class TfidfIndex implements Closeable {
  static final String TEXT = "text";
  /** Joins the values of a multi-valued document in its {@link TextStore} entry. */
  private static final char VALUE_SEPARATOR = '\u001f';

  private static final FieldType TEXT_TYPE = textType();

  private final Directory directory;
  private final @Nullable Path directoryPath;
  private final Analyzer analyzer;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final TextStore texts;
  private final int[] groups;
  private final List<String> groupNames;
  private final Map<String, Integer> groupIds;
  private final long[] duplicateKeys;
  private final int maxClauses;
  private final ClassicSimilarity similarity = new ClassicSimilarity();
  /** The documents with at least one term: the N of idf. */
  private final long documentCount;

  private TfidfIndex(Writer writer) throws IOException {
    this.directory = writer.directory;
    this.directoryPath = writer.directoryPath;
    this.analyzer = writer.analyzer;
    this.reader = DirectoryReader.open(directory);
    this.searcher = new IndexSearcher(reader);
    searcher.setSimilarity(similarity);
    // Every query is new (its own terms and exclusions): caching would only cost memory.
    searcher.setQueryCache(null);
    this.texts = writer.texts;
    this.groups = Arrays.copyOf(writer.groups, texts.size());
    this.groupNames = writer.groupNames;
    this.groupIds = writer.groupIds;
    this.duplicateKeys = Arrays.copyOf(writer.duplicateKeys, texts.size());
    // Two clauses stay free for the exclusions.
    this.maxClauses = IndexSearcher.getMaxClauseCount() - 2;
    CollectionStatistics statistics = searcher.collectionStatistics(TEXT);
    this.documentCount = statistics == null ? 0 : statistics.docCount();
    if (reader.leaves().size() > 1 || reader.maxDoc() != texts.size()) {
      throw new IllegalStateException(
          "expected one segment of " + texts.size() + " documents, found " + reader.leaves().size()
              + " segments of " + reader.maxDoc());
    }
  }

  /**
   * Starts an index whose values are analyzed by {@code analyzer}.
   *
   * @param workDirectory where to keep the index files (in a fresh temporary directory below it,
   *     deleted on {@link #close()}); {@code null} keeps the index on the heap
   */
  static Writer writer(Analyzer analyzer, @Nullable Path workDirectory) {
    return new Writer(analyzer, workDirectory);
  }

  /** The number of documents. */
  int size() {
    return texts.size();
  }

  /** The values of document {@code doc}, in the order they were added. */
  List<String> values(int doc) {
    String joined = texts.get(doc);
    if (joined.indexOf(VALUE_SEPARATOR) < 0) {
      return List.of(joined);
    }
    return List.of(joined.split(String.valueOf(VALUE_SEPARATOR), -1));
  }

  /** The first value of document {@code doc}: the whole text of a single-valued document. */
  String text(int doc) {
    return values(doc).get(0);
  }

  /** The group of document {@code doc}, or {@code null} if it was added without one. */
  @Nullable String group(int doc) {
    int group = groups[doc];
    return group < 0 ? null : groupNames.get(group);
  }

  /** The number of group {@code name}, or -1 if no document is in it. */
  int groupId(String name) {
    Integer id = groupIds.get(name);
    return id == null ? -1 : id;
  }

  /** The number of the group of document {@code doc}, or -1 if it was added without one. */
  int groupId(int doc) {
    return groups[doc];
  }

  /**
   * The top {@code k} documents for a query made of {@code values}, best first, equal scores in
   * add order.
   *
   * @param excludeGroup leaves out the documents of this group (see {@link #groupId}); -1 for none
   * @param excludeDuplicatesOf leaves out the documents whose text is a duplicate of this one
   *     (see {@link #normalize}); {@code null} for none
   */
  List<Hit> search(List<String> values, int k, int excludeGroup, @Nullable String excludeDuplicatesOf) {
    Map<String, Integer> counts = termCounts(values);
    if (counts.isEmpty() || k == 0) {
      return List.of();
    }
    String duplicateOf = excludeDuplicatesOf == null ? null : normalize(excludeDuplicatesOf);
    long duplicateKey = duplicateOf == null ? 0 : hash(duplicateOf);
    IntPredicate excluded =
        doc ->
            (excludeGroup >= 0 && groups[doc] == excludeGroup)
                || (duplicateOf != null
                    && duplicateKeys[doc] == duplicateKey
                    && normalize(texts.get(doc)).equals(duplicateOf));
    List<Hit> hits = new ArrayList<>(k);
    for (ScoreDoc hit : topDocs(counts, k, excluded)) {
      hits.add(new Hit(hit.doc, hit.score));
    }
    return hits;
  }

  private ScoreDoc[] topDocs(Map<String, Integer> counts, int k, IntPredicate excluded) {
    try {
      BooleanQuery.Builder query = new BooleanQuery.Builder();
      int shared = 0;
      for (Map.Entry<String, Integer> term : counts.entrySet()) {
        Term indexed = new Term(TEXT, term.getKey());
        TermStates states = TermStates.build(searcher, indexed, true);
        if (states.docFreq() == 0) {
          continue;
        }
        // The query's own TF-IDF weight; Lucene multiplies in the document's.
        float weight = term.getValue() * similarity.idf(states.docFreq(), documentCount);
        query.add(new BoostQuery(new TermQuery(indexed, states), weight), Occur.SHOULD);
        shared++;
      }
      if (shared == 0) {
        return new ScoreDoc[0];
      }
      return searcher.search(query.build(), new ExcludingTopDocs(k, excluded)).scoreDocs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The distinct terms of {@code values} in first-seen order, with their counts. */
  Map<String, Integer> termCounts(List<String> values) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String value : values) {
      try (TokenStream tokens = analyzer.tokenStream(TEXT, value)) {
        CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
        tokens.reset();
        while (tokens.incrementToken()) {
          String text = term.toString();
          if (counts.size() < maxClauses || counts.containsKey(text)) {
            counts.merge(text, 1, Integer::sum);
          }
        }
        tokens.end();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return counts;
  }

  /**
   * What makes two texts exact duplicates: the same words after lower-casing and dropping
   * punctuation and extra white space ("A dog." and "a  dog" are duplicates).
   */
  static String normalize(String text) {
    StringBuilder normalized = new StringBuilder(text.length());
    boolean space = false;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLetterOrDigit(c)) {
        if (space && normalized.length() > 0) {
          normalized.append(' ');
        }
        space = false;
        normalized.appendCodePoint(Character.toLowerCase(c));
      } else {
        space = true;
      }
    }
    return normalized.toString();
  }

  private static long hash(String normalized) {
    return Hashing.murmur3_128().hashString(normalized, StandardCharsets.UTF_8).asLong();
  }

  @Override
  public void close() {
    try {
      IOUtils.close(reader, directory, analyzer);
      if (directoryPath != null) {
        IOUtils.rm(directoryPath);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FieldType textType() {
    FieldType type = new FieldType();
    type.setTokenized(true);
    // Term frequencies and norms make TF-IDF; positions would only take space.
    type.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    type.freeze();
    return type;
  }

  /** Adds documents on one thread, then {@link #finish()}es into a searchable index. */
  static final class Writer implements Closeable {
    private final Analyzer analyzer;
    private final Directory directory;
    private final @Nullable Path directoryPath;
    private final IndexWriter indexWriter;
    private final TextStore texts = new TextStore();
    private int[] groups = new int[1024];
    private final List<String> groupNames = new ArrayList<>();
    private final Map<String, Integer> groupIds = new HashMap<>();
    private long[] duplicateKeys = new long[1024];
    private int[] groupSizes = new int[1024];
    private boolean finished;

    private Writer(Analyzer analyzer, @Nullable Path workDirectory) {
      this.analyzer = requireNonNull(analyzer, "analyzer");
      try {
        if (workDirectory == null) {
          this.directoryPath = null;
          this.directory = new ByteBuffersDirectory();
        } else {
          Files.createDirectories(workDirectory);
          this.directoryPath = Files.createTempDirectory(workDirectory, "tfidf-");
          this.directory = FSDirectory.open(directoryPath);
        }
        IndexWriterConfig config =
            new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setSimilarity(new ClassicSimilarity())
                // Merges of adjacent segments only, so document ids keep the add order.
                .setMergePolicy(new LogByteSizeMergePolicy())
                .setRAMBufferSizeMB(256)
                .setUseCompoundFile(false);
        this.indexWriter = new IndexWriter(directory, config);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Adds a document and returns its index.
     *
     * @param values its texts, analyzed one by one (a caption, or an image's region labels)
     * @param group its group, which a search can exclude; {@code null} for none
     */
    int add(List<String> values, @Nullable String group) {
      if (finished) {
        throw new IllegalStateException("the index is finished; no more documents can be added");
      }
      Document document = new Document();
      StringBuilder joined = new StringBuilder();
      for (String value : values) {
        if (value.indexOf(VALUE_SEPARATOR) >= 0) {
          throw new IllegalArgumentException("a value contains the separator U+001F: \"" + value + "\"");
        }
        joined.append(joined.length() == 0 ? "" : String.valueOf(VALUE_SEPARATOR)).append(value);
        document.add(new Field(TEXT, value, TEXT_TYPE));
      }
      try {
        indexWriter.addDocument(document);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      int doc = texts.add(joined.toString());
      if (doc == groups.length) {
        groups = Arrays.copyOf(groups, doc * 2);
        duplicateKeys = Arrays.copyOf(duplicateKeys, doc * 2);
      }
      duplicateKeys[doc] = hash(normalize(joined.toString()));
      groups[doc] = group == null ? -1 : groupIds.computeIfAbsent(group, this::newGroup);
      if (group != null) {
        groupSizes[groups[doc]]++;
      }
      return doc;
    }

    /** The number of documents added so far to group {@code name}. */
    int groupSize(String name) {
      Integer id = groupIds.get(name);
      if (id == null) {
        return 0;
      }
      return groupSizes[id];
    }

    /** The number of documents added so far. */
    int size() {
      return texts.size();
    }

    /** Merges the index into one segment and opens it for searching; the writer is then done. */
    TfidfIndex finish() {
      if (finished) {
        throw new IllegalStateException("the index is already finished");
      }
      finished = true;
      try {
        indexWriter.forceMerge(1);
        indexWriter.close();
        return new TfidfIndex(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Abandons an unfinished index and deletes its files; a no-op after {@link #finish()}. */
    @Override
    public void close() {
      if (finished) {
        return;
      }
      finished = true;
      try {
        IOUtils.close(indexWriter, directory, analyzer);
        if (directoryPath != null) {
          IOUtils.rm(directoryPath);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private int newGroup(String name) {
      if (groupNames.size() == groupSizes.length) {
        groupSizes = Arrays.copyOf(groupSizes, groupSizes.length * 2);
      }
      groupNames.add(name);
      return groupNames.size() - 1;
    }
  }
}
