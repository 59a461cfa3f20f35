package org.unimo.dsl;

import org.unimo.dsl.proto.Compile;
import org.unimo.dsl.proto.DataKindProto;
import org.unimo.dsl.proto.Encoder;
import org.unimo.dsl.proto.MaskedRegionClassification;
import org.unimo.dsl.proto.Seq2SeqLm;
import org.unimo.dsl.proto.Tokenizer;

/**
 * The one place where the toolkit's enums meet the generated ones: each maps by name, so a value
 * added to one side and not the other fails on first use (and in {@code ProtoEnumsTest}).
 */
final class ProtoEnums {
  private ProtoEnums() {}

  static Activation of(Encoder.Activation v) {
    return Activation.valueOf(v.name());
  }

  static Encoder.Activation toProto(Activation v) {
    return Encoder.Activation.valueOf(v.name());
  }

  static Pooling of(org.unimo.dsl.proto.Pooling v) {
    return Pooling.valueOf(v.name());
  }

  static org.unimo.dsl.proto.Pooling toProto(Pooling v) {
    return org.unimo.dsl.proto.Pooling.valueOf(v.name());
  }

  static Precision of(Compile.Precision v) {
    return Precision.valueOf(v.name());
  }

  static Compile.Precision toProto(Precision v) {
    return Compile.Precision.valueOf(v.name());
  }

  static XlaMode of(Compile.XlaMode v) {
    return XlaMode.valueOf(v.name());
  }

  static Compile.XlaMode toProto(XlaMode v) {
    return Compile.XlaMode.valueOf(v.name());
  }

  static TokenizerKind of(Tokenizer.Kind v) {
    return TokenizerKind.valueOf(v.name());
  }

  static Tokenizer.Kind toProto(TokenizerKind v) {
    return Tokenizer.Kind.valueOf(v.name());
  }

  static DataKind of(DataKindProto v) {
    return DataKind.valueOf(v.name());
  }

  static DataKindProto toProto(DataKind v) {
    return DataKindProto.valueOf(v.name());
  }

  static Seq2SeqSpec.Attention of(Seq2SeqLm.Attention v) {
    return Seq2SeqSpec.Attention.valueOf(v.name());
  }

  static Seq2SeqLm.Attention toProto(Seq2SeqSpec.Attention v) {
    return Seq2SeqLm.Attention.valueOf(v.name());
  }

  static MrcSpec.Target of(MaskedRegionClassification.Target v) {
    return MrcSpec.Target.valueOf(v.name());
  }

  static MaskedRegionClassification.Target toProto(MrcSpec.Target v) {
    return MaskedRegionClassification.Target.valueOf(v.name());
  }
}
