package org.unimo.savedmodels;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Serving needs the graph and the tokenizers, not the rewriting pipeline: neither Lucene nor
 * WordNet (17 MB of jars) is on the class path of savedmodels (its tests see its runtime class
 * path plus JUnit and AssertJ).
 */
class ServingClassPathTest {
  @Test
  void neitherLuceneNorWordNetIsOnTheServingClassPath() {
    assertThatThrownBy(() -> Class.forName("org.apache.lucene.index.IndexWriter"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("net.sf.extjwnl.dictionary.Dictionary"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
