package io.switchboard.bridge;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link BridgeServices} relies on to consume the fan-out only while a bridge client listens: anyListened
 * follows registrations, unregistrations and closed connections, and watchers hear each change of it (not each
 * registration).
 */
class BridgeTopicsTest {

  @Test
  void watchersHearWhenTheFirstListenerComesAndTheLastGoes() {
    BridgeTopics topics = new BridgeTopics();
    AtomicInteger notices = new AtomicInteger();
    Runnable watcher = notices::incrementAndGet;
    topics.onChange(watcher);
    Object a = new Object();
    Object b = new Object();
    assertFalse(topics.anyListened());
    topics.registered(a, "public.x");
    assertTrue(topics.anyListened());
    assertEquals(1, notices.get(), "the first listener");
    topics.registered(b, "public.x");
    topics.registered(a, "public.y");
    assertEquals(1, notices.get(), "more listeners change nothing");
    topics.closed(a);
    assertTrue(topics.listened("public.x") && !topics.listened("public.y"));
    assertEquals(1, notices.get());
    topics.unregistered(b, "public.x");
    assertFalse(topics.anyListened());
    assertEquals(2, notices.get(), "the last one gone");
    topics.stopWatching(watcher);
    topics.registered(a, "public.z");
    assertEquals(2, notices.get(), "a removed watcher hears nothing");
  }
}
