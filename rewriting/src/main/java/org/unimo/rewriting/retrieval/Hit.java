package org.unimo.rewriting.retrieval;

/**
 * A retrieved document of a {@link TfidfIndex}: its index in add order and its score.
 *
 * @param doc the document's index, counted from 0 in the order documents were added
 * @param score its TF-IDF score against the query
 */
record Hit(int doc, float score) {}
