package org.unimo.dsl;

import com.google.common.hash.Hashing;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.unimo.dsl.proto.ModelSpecProto;

/**
 * The canonical form of a spec: every default spelled out, printed in field-number order.
 *
 * <p>Protobuf's binary serialization is not canonical (unknown fields, map order, library
 * versions), so the fingerprint hashes the canonical text instead. A spec that leaves a field at its
 * default and one that sets it to the default therefore hash the same.
 */
final class Canonical {
  /** Sections every model has; when absent from a config they mean "all defaults". */
  private static final Set<String> ALWAYS_PRESENT =
      Set.of("text", "encoder", "optimizer", "training", "compile");

  private Canonical() {}

  /** Returns {@code spec} with every unset scalar of every present message set to its default. */
  static ModelSpecProto canonicalize(ModelSpecProto spec) {
    ModelSpecProto.Builder builder = spec.toBuilder();
    for (String name : ALWAYS_PRESENT) {
      FieldDescriptor field = ModelSpecProto.getDescriptor().findFieldByName(name);
      if (!builder.hasField(field)) {
        builder.setField(field, builder.newBuilderForField(field).build());
      }
    }
    materialize(builder);
    return builder.build();
  }

  private static void materialize(Message.Builder builder) {
    for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
      if (field.isRepeated()) {
        continue;
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (builder.hasField(field)) {
          Message.Builder child = builder.getFieldBuilder(field);
          materialize(child);
        }
      } else if (!builder.hasField(field) && field.getContainingOneof() == null) {
        builder.setField(field, field.getDefaultValue());
      }
    }
  }

  static String print(ModelSpecProto canonical) {
    return TextFormat.printer().printToString(canonical);
  }

  static String fingerprint(ModelSpecProto canonical) {
    return Hashing.sha256().hashString(print(canonical), StandardCharsets.UTF_8).toString();
  }
}
