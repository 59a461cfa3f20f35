package org.unimo.dsl;

import com.google.common.hash.Hashing;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Consumer;
import org.unimo.dsl.proto.ModelSpecProto;

/**
 * The canonical forms of a spec, both printed in field-number order.
 *
 * <ul>
 *   <li>The full form spells every default out: what {@code unimo spec FILE} prints and what a
 *       {@link ModelSpec} holds, so reading a config shows every value in force.
 *   <li>The minimal form leaves out every scalar at its default (and the always-present sections
 *       left empty): what the fingerprint hashes. Adding a field whose default keeps the old
 *       behaviour therefore leaves every recorded fingerprint unchanged.
 * </ul>
 *
 * <p>Both forms treat each element of a repeated section (a head, a custom objective) like a
 * section: its defaults spelled out in the full form, left out in the minimal one. Map entries
 * (a custom objective's params) print sorted by key, so the order they were added in changes
 * neither form.
 *
 * <p>Protobuf's binary serialization is not canonical (unknown fields, map order, library
 * versions), so the fingerprint hashes text. A spec that leaves a field at its default and one that
 * sets it to the default hash the same.
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
      if (Migration.isRetired(field)) {
        continue;
      }
      if (field.isRepeated()) {
        forEachElement(builder, field, Canonical::materialize);
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
    return Hashing.sha256().hashString(print(minimal(canonical)), StandardCharsets.UTF_8).toString();
  }

  /** {@code spec} without the scalars at their defaults, and without always-present sections left empty. */
  static ModelSpecProto minimal(ModelSpecProto spec) {
    ModelSpecProto.Builder builder = spec.toBuilder();
    strip(builder);
    for (String name : ALWAYS_PRESENT) {
      FieldDescriptor field = ModelSpecProto.getDescriptor().findFieldByName(name);
      if (builder.hasField(field) && builder.getFieldBuilder(field).getAllFields().isEmpty()) {
        builder.clearField(field);
      }
    }
    return builder.build();
  }

  private static void strip(Message.Builder builder) {
    for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
      if (field.isRepeated()) {
        forEachElement(builder, field, Canonical::strip);
        continue;
      }
      if (!builder.hasField(field)) {
        continue;
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        strip(builder.getFieldBuilder(field));
      } else if (field.getContainingOneof() == null
          && builder.getField(field).equals(field.getDefaultValue())) {
        builder.clearField(field);
      }
    }
  }

  /**
   * Applies {@code edit} to each element of the repeated message field {@code field} (e.g. each
   * head), in place. Scalar lists and maps are left alone: a map entry's key and value are data, not
   * settings with defaults, and the printer sorts map entries by key.
   */
  private static void forEachElement(
      Message.Builder builder, FieldDescriptor field, Consumer<Message.Builder> edit) {
    if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isMapField()) {
      return;
    }
    int count = builder.getRepeatedFieldCount(field);
    for (int i = 0; i < count; i++) {
      Message.Builder element = ((Message) builder.getRepeatedField(field, i)).toBuilder();
      edit.accept(element);
      builder.setRepeatedField(field, i, element.build());
    }
  }
}
