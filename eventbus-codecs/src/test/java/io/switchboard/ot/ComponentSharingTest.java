package io.switchboard.ot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Short retains and deletes are shared instances; long ones are not; either way they are the values asked for. */
class ComponentSharingTest {

  @Test
  void shortCountsAreSharedLongOnesAreNew() {
    assertSame(Component.Retain.of(17), Component.Retain.of(17));
    assertSame(Component.Delete.of(3), Component.Delete.of(3));
    assertNotSame(Component.Retain.of(100_000), Component.Retain.of(100_000));
    assertEquals(new Component.Retain(100_000), Component.Retain.of(100_000));
    assertEquals(new Component.Delete(300), Component.Delete.of(300));
    assertEquals(4095, Component.Retain.of(4095).count());
    assertEquals(4096, Component.Retain.of(4096).count());
  }

  @Test
  void aCountBelowOneIsStillRefused() {
    assertThrows(OperationException.class, () -> Component.Retain.of(0));
    assertThrows(OperationException.class, () -> Component.Delete.of(-2));
  }

  @Test
  void operationsKeptByADocumentShareTheirShortRetains() {
    TextOperation a = TextOperation.insert(20, 5, "x");
    TextOperation b = TextOperation.insert(20, 5, "y");
    assertSame(a.components().get(0), b.components().get(0));
    assertEquals(TextOperation.builder().retain(5).insert("x").retain(15).build(), a);
  }
}
