package io.switchboard.ot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/** Java serialization round trips, as a Hazelcast backup or a migrated entry receives its value. */
final class JavaSerialization {

  private JavaSerialization() {
  }

  /** The object's serialized form. */
  static byte[] bytes(Object o) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream os = new ObjectOutputStream(out)) {
      os.writeObject(o);
    }
    return out.toByteArray();
  }

  /** The object read back from {@code bytes}. */
  static Object read(byte[] bytes) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return in.readObject();
    }
  }

  /** A copy made by serializing {@code o} and reading it back. */
  @SuppressWarnings("unchecked")
  static <T> T copy(T o) throws IOException, ClassNotFoundException {
    return (T) read(bytes(o));
  }
}
