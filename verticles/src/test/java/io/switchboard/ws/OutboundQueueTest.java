package io.switchboard.ws;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The drop policy: bounded, lowest priority (highest number) first, a newcomer below everything is dropped itself. */
class OutboundQueueTest {

  private final List<Integer> drops = new ArrayList<>();

  private static OutboundQueue.Frame frame(String id, int priority) {
    return new OutboundQueue.Frame(Buffer.buffer(id), true, 10, priority, 0, "deliver");
  }

  @Test
  void writesHighestPriorityFirstThenFifo() {
    OutboundQueue q = new OutboundQueue(10, 1000, drops::add);
    q.offer(frame("low-1", 4), 0);
    q.offer(frame("high", 0), 0);
    q.offer(frame("low-2", 4), 0);
    q.offer(frame("mid", 2), 0);
    assertEquals(List.of("high", "mid", "low-1", "low-2"),
      List.of(q.poll().data().toString(), q.poll().data().toString(), q.poll().data().toString(), q.poll().data().toString()));
    assertNull(q.poll());
  }

  @Test
  void whenFullTheOldestOfTheLowestPriorityGoesFirst() {
    OutboundQueue q = new OutboundQueue(3, 1000, drops::add);
    q.offer(frame("p3-old", 3), 0);
    q.offer(frame("p1", 1), 0);
    q.offer(frame("p3-new", 3), 0);
    q.offer(frame("p2", 2), 0); // full: drops p3-old
    assertEquals(List.of(3), drops);
    assertEquals(3, q.size());
    assertEquals(List.of("p1", "p2", "p3-new"), List.of(q.poll().data().toString(), q.poll().data().toString(), q.poll().data().toString()));
  }

  @Test
  void aNewcomerBelowEverythingQueuedIsTheOneDropped() {
    OutboundQueue q = new OutboundQueue(2, 1000, drops::add);
    q.offer(frame("a", 0), 0);
    q.offer(frame("b", 1), 0);
    q.offer(frame("c", 4), 0);
    assertEquals(List.of(4), drops);
    assertEquals(2, q.size());
  }

  @Test
  void byteBoundHoldsToo() {
    OutboundQueue q = new OutboundQueue(100, 25, drops::add);
    q.offer(frame("a", 2), 0);
    q.offer(frame("b", 2), 0);
    q.offer(frame("c", 2), 0); // 30 bytes > 25: the oldest p2 goes
    assertEquals(20, q.bytes());
    assertEquals("b", q.poll().data().toString());
  }

  @Test
  void backlogAgeIsMeasuredFromWhenItLastStartedFilling() {
    OutboundQueue q = new OutboundQueue(10, 1000, drops::add);
    assertEquals(0, q.backloggedMillis(5000));
    q.offer(frame("a", 2), 1000);
    q.offer(frame("b", 2), 3000);
    assertEquals(4000, q.backloggedMillis(5000));
    q.poll();
    q.poll();
    assertEquals(0, q.backloggedMillis(6000));
  }
}
