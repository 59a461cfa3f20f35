package org.unimo.dsl;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.proto.ModelSpecProto;

/**
 * Applies {@code --set path=value} assignments to a spec message (see {@link
 * ModelSpec#withOverrides}).
 *
 * <p>The path is dotted field names from the root message, driven by the descriptors; the value is
 * read by {@link SpecText#parseValue}, the code that reads values in files, so {@code --set}
 * accepts and rejects exactly what a file does (and says so in the same words). Only strings
 * differ: they may be given without quotes, since shells make quotes awkward.
 */
final class Overrides {
  private Overrides() {}

  /**
   * {@code spec} with every assignment applied in order (a later one to the same field wins).
   *
   * @throws SpecException listing the problems of all assignments, each with path {@code --set
   *     PATH}
   */
  static ModelSpecProto apply(ModelSpecProto spec, List<String> assignments) {
    ModelSpecProto.Builder builder = spec.toBuilder();
    List<Problem> problems = applyTo(builder, assignments);
    if (!problems.isEmpty()) {
      throw new SpecException(problems);
    }
    return builder.build();
  }

  /**
   * Applies every assignment it can to {@code builder}, of any message type.
   *
   * @return the problems of all assignments, each with path {@code --set PATH}
   */
  static List<Problem> applyTo(Message.Builder builder, List<String> assignments) {
    List<Problem> problems = new ArrayList<>();
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq < 0) {
        problems.add(
            new Problem("--set " + assignment, "expected PATH=VALUE, e.g. training.batch_size=16"));
        continue;
      }
      String path = assignment.substring(0, eq).strip();
      String problem = assign(builder, path, assignment.substring(eq + 1));
      if (problem != null) {
        problems.add(new Problem("--set " + path, problem));
      }
    }
    return problems;
  }

  /** Sets the field at {@code path} to {@code text}; returns what is wrong instead, if anything. */
  private static @Nullable String assign(Message.Builder root, String path, String text) {
    List<FieldDescriptor> fields = new ArrayList<>();
    @Nullable Descriptor type = root.getDescriptorForType();
    String walked = "";
    for (String name : path.split("\\.", -1)) {
      if (type == null) {
        return walked + " is a single value, not a section with fields";
      }
      if (name.isEmpty()) {
        return "expected dotted field names, e.g. training.batch_size";
      }
      FieldDescriptor field = type.findFieldByName(name);
      if (field == null) {
        return (walked.isEmpty() ? "" : walked + ": ") + SpecText.noSuchField(type, name);
      }
      walked = walked.isEmpty() ? name : walked + "." + name;
      if (field.isRepeated()) {
        return "not supported for repeated field " + walked + "; edit the file";
      }
      fields.add(field);
      type =
          field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
    }
    if (type != null) {
      String example =
          type.getFields().stream()
              .filter(f -> !Migration.isRetired(f))
              .map(f -> ", e.g. " + path + "." + f.getName() + "=...")
              .findFirst()
              .orElse("");
      return path + " is a section; set one of its fields" + example;
    }
    FieldDescriptor leaf = fields.get(fields.size() - 1);
    Object value;
    boolean unquoted = !text.startsWith("\"") && !text.startsWith("'");
    if (leaf.getType() == FieldDescriptor.Type.STRING && unquoted) {
      value = text;
    } else {
      try {
        value = SpecText.parseValue(leaf, text);
      } catch (SpecText.BadValue e) {
        return e.getMessage();
      }
    }
    set(root, fields, 0, value);
    return null;
  }

  /** Sets {@code fields[i..]} below {@code builder}, creating absent sections on the way. */
  private static void set(
      Message.Builder builder, List<FieldDescriptor> fields, int i, Object value) {
    FieldDescriptor field = fields.get(i);
    if (i == fields.size() - 1) {
      builder.setField(field, value);
      return;
    }
    // Through the descriptors rather than getFieldBuilder, which only generated builders support.
    Message.Builder sub =
        builder.hasField(field)
            ? ((Message) builder.getField(field)).toBuilder()
            : builder.newBuilderForField(field);
    set(sub, fields, i + 1, value);
    builder.setField(field, sub.buildPartial());
  }
}
