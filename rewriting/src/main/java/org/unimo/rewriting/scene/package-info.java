/**
 * Scene graphs and their English realization.
 *
 * <p>A {@link org.unimo.rewriting.scene.SceneGraph} holds {@link
 * org.unimo.rewriting.scene.SceneObject}s (a noun, its attributes, an optional id) and {@link
 * org.unimo.rewriting.scene.Relation}s between them by index; {@link
 * org.unimo.rewriting.scene.CaptionRealizer} writes a graph, or a part of it (one object, one
 * relation, a list of objects), as grammatical English. The shapes world
 * ({@code org.unimo.tasks.data}) writes its captions from these graphs; caption rewriting parses a
 * caption into a graph, replaces one element (an object, an attribute or a relation) and realizes
 * the result.
 *
 * <p>Reading captions: {@link org.unimo.rewriting.scene.CaptionParser} turns ordinary English
 * captions into a {@link org.unimo.rewriting.scene.ParsedCaption}, the graph plus the tokens each
 * object, attribute and relation came from. {@link org.unimo.rewriting.scene.SceneVocabulary}
 * counts the elements of a corpus of parses, and {@link org.unimo.rewriting.scene.SceneNegatives}
 * replaces one element of a caption's graph by another from the vocabulary: the object,
 * attribute and relation hard negatives of CMCL.
 */
@NullMarked
package org.unimo.rewriting.scene;

import org.jspecify.annotations.NullMarked;
