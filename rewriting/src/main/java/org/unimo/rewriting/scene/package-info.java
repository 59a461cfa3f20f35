/**
 * Scene graphs (objects with attributes, relations between them) and their realization as English
 * captions. The shapes world writes its captions from these graphs; rewriting a caption replaces
 * one element of its graph and realizes the result.
 */
@NullMarked
package org.unimo.rewriting.scene;

import org.jspecify.annotations.NullMarked;
