/**
 * The embedded data set, the "shapes world": scenes of 2-5 shapes rendered with Java2D, captions
 * written from each scene's graph, region features computed from the rendered pixels, and a
 * detector-like class distribution per region; plus an image-only split and a text corpus of
 * scene sentences and WordNet 3.1 glosses. Generated from a seed, cached after first use.
 */
@NullMarked
package org.unimo.tasks.data;

import org.jspecify.annotations.NullMarked;
