package org.unimo.rewriting.retrieval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FilterCollector;
import org.apache.lucene.search.FilterLeafCollector;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.TopScoreDocCollectorManager;

/**
 * The top k hits among the documents a predicate does not exclude, equal scores in document order.
 *
 * <p>Excluded documents never reach Lucene's top-k collector, so they neither take a place nor
 * raise the minimum competitive score that lets the scorer skip blocks; the result is what a
 * {@code MUST_NOT} clause would give, at the cost of one array lookup per collected document.
 */
final class ExcludingTopDocs implements CollectorManager<ExcludingTopDocs.Excluding, TopDocs> {
  private final TopScoreDocCollectorManager top;
  private final IntPredicate excluded;

  /**
   * @param excluded tests a document by its index-wide id
   */
  ExcludingTopDocs(int k, IntPredicate excluded) {
    // A total-hits threshold of k: nobody reads the hit count, so the scorer may start skipping
    // blocks that cannot beat the k-th best score as soon as k hits are in.
    this.top = new TopScoreDocCollectorManager(k, null, k, false);
    this.excluded = excluded;
  }

  @Override
  public Excluding newCollector() throws IOException {
    return new Excluding(top.newCollector(), excluded);
  }

  @Override
  public TopDocs reduce(Collection<Excluding> collectors) throws IOException {
    List<TopScoreDocCollector> inner = new ArrayList<>(collectors.size());
    for (Excluding collector : collectors) {
      inner.add(collector.top());
    }
    return top.reduce(inner);
  }

  /** Passes a top-k collector the documents that are not excluded. */
  static final class Excluding extends FilterCollector {
    private final IntPredicate excluded;

    Excluding(TopScoreDocCollector in, IntPredicate excluded) {
      super(in);
      this.excluded = excluded;
    }

    TopScoreDocCollector top() {
      return (TopScoreDocCollector) in;
    }

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
      int docBase = context.docBase;
      return new FilterLeafCollector(super.getLeafCollector(context)) {
        @Override
        public void collect(int doc) throws IOException {
          if (!excluded.test(docBase + doc)) {
            in.collect(doc);
          }
        }
      };
    }
  }
}
