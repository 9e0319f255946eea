package io.switchboard.topic;

import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Gap;
import io.switchboard.protocol.message.Position;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins what the archive (Redis) holds before the in-memory history with the in-memory replay, so a resume older
 * than memory is served in seq order without duplicates. The archive may have holes (writes lost when a node
 * crashed, or dropped by a full buffer): only its last contiguous run is used, and a {@code history_truncated} gap
 * says where it starts, so a client is never silently skipped over a hole.
 */
final class ArchiveReplay {

  private ArchiveReplay() {
  }

  /**
   * @param memory    the in-memory replay (a {@code history_truncated} gap with messages after {@code available})
   * @param from      where the client is
   * @param available the seq just before the first message memory holds
   * @param entries   the archive's messages in {@code (from.seq, available]}, in order, at most {@code max}
   */
  static TopicLogs.Replay merge(TopicLogs.Replay memory, Position from, long available,
                                List<TopicArchive.Entry> entries, int max) {
    if (entries.isEmpty()) {
      return memory;
    }
    int start = entries.size() - 1;
    while (start > 0 && entries.get(start - 1).seq() == entries.get(start).seq() - 1) {
      start--;
    }
    String epoch = memory.position().epoch();
    String topic = memory.gap().topic();
    List<Deliver> messages = new ArrayList<>();
    for (TopicArchive.Entry e : entries.subList(start, entries.size())) {
      messages.add(TopicLogs.stamp(TopicLogs.decode(e.frame()), epoch, e.seq(), e.ts()));
    }
    if (entries.get(entries.size() - 1).seq() == available) {
      for (Deliver d : memory.messages()) {
        if (messages.size() >= max) {
          break;
        }
        messages.add(d);
      }
    }
    long first = entries.get(start).seq();
    Gap gap = first == from.seq() + 1 ? null : new Gap(topic, from, new Position(epoch, first - 1), Gap.TRUNCATED);
    return new TopicLogs.Replay(messages, gap, memory.position());
  }

  /** Redis could not be asked (breaker open, timeout): the memory replay, its gap saying why. */
  static TopicLogs.Replay unavailable(TopicLogs.Replay memory) {
    Gap g = memory.gap();
    return new TopicLogs.Replay(memory.messages(), new Gap(g.topic(), g.requested(), g.available(), Gap.UNAVAILABLE),
      memory.position());
  }
}
