@file:JvmName("ImportedEncoderKt")

package org.unimo.examples

import java.nio.file.Files
import java.nio.file.Path
import org.unimo.tasks.imports.ImportDir
import org.unimo.tasks.imports.ImportedModel
import org.unimo.tasks.imports.Imports

/** all-MiniLM-L6-v2 by its Maven coordinates, imported into [dir] unless it already holds it. */
fun importMiniLm(dir: Path): ImportDir =
    if (ImportDir.isImportDir(dir)) ImportDir.read(dir) else Imports.importEncoder(ImportedEncoderExample.MINILM, dir)

/** Unit-length sentence embeddings from the toolkit's compiled encoder, one per sentence. */
fun embed(minilm: ImportDir, sentences: List<String>): Array<FloatArray> =
    ImportedModel.open(minilm).use { model -> model.embed(sentences) }

/** Imports MiniLM and prints the cosine of two sentences. */
fun main(args: Array<String>) {
    val dir = if (args.isNotEmpty()) Path.of(args[0]) else Files.createTempDirectory("minilm-").resolve("import")
    val (a, b) = embed(importMiniLm(dir), listOf("A man is riding a horse.", "A person rides an animal."))
    println("cosine %.4f".format(a.zip(b) { x, y -> x * y }.sum()))
}
