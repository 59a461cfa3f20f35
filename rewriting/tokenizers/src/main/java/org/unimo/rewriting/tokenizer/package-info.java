/**
 * Subword tokenizers that turn caption and corpus text into the integer ids fed to the UNIMO text
 * encoder, and back.
 *
 * <p>Two implementations are byte-level BPE, so every string survives {@code decode(encode(s))}
 * unchanged and no input ever needs an unknown token:
 *
 * <ul>
 *   <li>{@link org.unimo.rewriting.tokenizer.ByteLevelBpe} is trained from a corpus (GPT-2 style
 *       pre-tokenization, most-frequent-pair merges) and stored as a small text file of merges;
 *   <li>{@link org.unimo.rewriting.tokenizer.Gpt2Tokenizer} reuses GPT-2's published r50k_base
 *       ranks, which ship inside the jtokkit jar, so it works offline.
 * </ul>
 *
 * <p>The third, {@link org.unimo.rewriting.tokenizer.WordPiece}, reads a pretrained BERT {@code
 * vocab.txt} and applies BERT's normalization, so that BERT checkpoints see the ids they were
 * trained on. It is lossy: it decodes to the normalized text, and emits {@code [UNK]} for words its
 * vocabulary cannot cover.
 *
 * <p>The ids of {@link org.unimo.rewriting.tokenizer.SpecialTokens} are the same in both byte-level
 * tokenizers; WordPiece's are wherever its vocabulary puts them. Model code therefore takes them
 * from {@link org.unimo.rewriting.tokenizer.Tokenizer#specials()} rather than assuming a layout.
 */
@org.jspecify.annotations.NullMarked
package org.unimo.rewriting.tokenizer;
