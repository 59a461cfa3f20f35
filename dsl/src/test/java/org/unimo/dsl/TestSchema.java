package org.unimo.dsl;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TextFormat;

/**
 * A schema with what the spec lacks (every scalar type, repeated fields, a oneof of two members, a
 * deprecated field), built at run time: the reader and --set only see descriptors.
 */
final class TestSchema {
  private TestSchema() {}

  private static final String FILE =
      """
name: "test.proto" package: "t" syntax: "proto2"
enum_type { name: "Color" value { name: "RED" number: 0 } value { name: "GREEN" number: 1 }
            value { name: "BLUE" number: 2 } }
message_type {
  name: "All"
  field { name: "i32" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
  field { name: "i64" number: 2 label: LABEL_OPTIONAL type: TYPE_INT64 }
  field { name: "u32" number: 3 label: LABEL_OPTIONAL type: TYPE_UINT32 }
  field { name: "u64" number: 4 label: LABEL_OPTIONAL type: TYPE_UINT64 }
  field { name: "f" number: 5 label: LABEL_OPTIONAL type: TYPE_FLOAT }
  field { name: "d" number: 6 label: LABEL_OPTIONAL type: TYPE_DOUBLE }
  field { name: "b" number: 7 label: LABEL_OPTIONAL type: TYPE_BOOL }
  field { name: "s" number: 8 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "raw" number: 9 label: LABEL_OPTIONAL type: TYPE_BYTES }
  field { name: "color" number: 10 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".t.Color" }
  field { name: "nums" number: 11 label: LABEL_REPEATED type: TYPE_INT32 }
  field { name: "floats" number: 12 label: LABEL_REPEATED type: TYPE_FLOAT }
  field { name: "bools" number: 13 label: LABEL_REPEATED type: TYPE_BOOL }
  field { name: "names" number: 14 label: LABEL_REPEATED type: TYPE_STRING }
  field { name: "kids" number: 15 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".t.All" }
  field { name: "child" number: 16 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".t.All" }
  field { name: "left" number: 17 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
  field { name: "right" number: 18 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".t.All" oneof_index: 0 }
  field { name: "old" number: 19 label: LABEL_OPTIONAL type: TYPE_INT32 options { deprecated: true } }
  field { name: "fs" number: 20 label: LABEL_OPTIONAL type: TYPE_FLOAT }
  oneof_decl { name: "side" }
}
""";

  /** Message {@code t.All}. */
  static final Descriptor ALL = build();

  static DynamicMessage.Builder newBuilder() {
    return DynamicMessage.newBuilder(ALL);
  }

  private static Descriptor build() {
    try {
      FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder();
      TextFormat.merge(FILE, file);
      return FileDescriptor.buildFrom(file.build(), new FileDescriptor[0])
          .findMessageTypeByName("All");
    } catch (TextFormat.ParseException | DescriptorValidationException e) {
      throw new AssertionError(e);
    }
  }
}
