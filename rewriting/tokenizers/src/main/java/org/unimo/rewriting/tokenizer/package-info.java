/**
 * Subword tokenizers that turn caption and corpus text into the integer ids fed to the UNIMO text
 * encoder, and back.
 *
 * <p>Both implementations are byte-level BPE, so every string survives {@code decode(encode(s))}
 * unchanged and no input ever needs an unknown token:
 *
 * <ul>
 *   <li>{@link org.unimo.rewriting.tokenizer.ByteLevelBpe} is trained from a corpus (GPT-2 style
 *       pre-tokenization, most-frequent-pair merges) and stored as a small text file of merges;
 *   <li>{@link org.unimo.rewriting.tokenizer.Gpt2Tokenizer} reuses GPT-2's published r50k_base
 *       ranks, which ship inside the jtokkit jar, so it works offline.
 * </ul>
 *
 * <p>The ids of {@link org.unimo.rewriting.tokenizer.SpecialTokens} are the same in every tokenizer
 * so that model code can refer to {@code [PAD]}, {@code [CLS]}, {@code [MASK]} and the others
 * without knowing which tokenizer produced a batch.
 */
@org.jspecify.annotations.NullMarked
package org.unimo.rewriting.tokenizer;
