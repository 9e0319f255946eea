package io.switchboard.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/** Java serialization round trips, as a Hazelcast backup or a migrated entry receives its value. */
public final class JavaSerialization {

  private JavaSerialization() {
  }

  /** The object's serialized form. */
  public static byte[] bytes(Object o) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream os = new ObjectOutputStream(out)) {
      os.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A copy made by serializing {@code o} and reading it back. */
  @SuppressWarnings("unchecked")
  public static <T> T copy(T o) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes(o)))) {
      return (T) in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
