@file:JvmName("PaperModelsMain")

package org.unimo.examples

/** Prints both paper configs, canonically. */
fun main() {
    print(unimoBase().toTextProto())
    println("---")
    print(unimoLarge().toTextProto())
}
