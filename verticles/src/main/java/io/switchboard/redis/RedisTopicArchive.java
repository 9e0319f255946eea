package io.switchboard.redis;

import io.micrometer.core.instrument.Counter;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.protocol.message.Position;
import io.switchboard.topic.TopicArchive;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Topic history in Redis: per topic a Stream whose entry ids are the topic's seqs ({@code <seq>-0}), so a read from
 * a seq is one exact XRANGE and a resent write cannot duplicate; a small sorted set for messages that reached Redis
 * after a higher seq (nodes archive concurrently; a stream only appends at its end); a hash with the epoch and the
 * last seq, from which a restarted cluster continues the numbering. Writes go through the store's write-behind
 * buffer; both operations are Lua scripts (resources {@code redis/topic-*.lua}) so each is atomic. Layout and
 * trimming: docs/durability.md.
 */
public final class RedisTopicArchive implements TopicArchive {

  private static final String APPEND = Scripts.load("redis/topic-append.lua");
  private static final String READ = Scripts.load("redis/topic-read.lua");

  private final RedisStore store;
  private final HistoryRetention retention;
  private final Counter served;

  public RedisTopicArchive(RedisStore store, HistoryRetention retention, NodeMetrics metrics) {
    this.store = store;
    this.retention = retention;
    this.served = Counter.builder("switchboard_redis_history_messages")
      .description("topic messages served from Redis (older than the in-memory history)").register(metrics.registry());
  }

  /** The three keys of a topic; the hash tag keeps them in one slot should Redis be a cluster. */
  private String[] keys(String topic) {
    String base = store.key("topic:{" + topic + "}:");
    return new String[]{base + "meta", base + "log", base + "late"};
  }

  @Override
  public void append(String topic, String epoch, long seq, long ts, byte[] frame) {
    HistoryRetention.Rule rule = retention.of(topic);
    if (rule == null) {
      return;
    }
    String[] k = keys(topic);
    Request eval = Request.cmd(Command.EVAL).arg(APPEND).arg(3).arg(k[0]).arg(k[1]).arg(k[2])
      .arg(epoch).arg(seq).arg(ts).arg(frame).arg(rule.maxMessages()).arg(rule.maxAgeMillis())
      .arg(System.currentTimeMillis());
    store.enqueue(RedisWrite.of(frame.length + 3 * k[0].length() + 64, eval));
  }

  @Override
  public Future<Position> recover(String topic) {
    if (retention.of(topic) == null) {
      return Future.succeededFuture();
    }
    return store.read(Request.cmd(Command.HMGET).arg(keys(topic)[0]).arg("epoch").arg("last")).map(r -> {
      Response epoch = r.get(0);
      Response last = r.get(1);
      return epoch == null || last == null ? null : new Position(epoch.toString(), last.toLong());
    });
  }

  @Override
  public Future<List<Entry>> read(String topic, String epoch, long after, long upto, int max) {
    if (retention.of(topic) == null || upto <= after || max <= 0) {
      return Future.succeededFuture(List.of());
    }
    String[] k = keys(topic);
    Request eval = Request.cmd(Command.EVAL).arg(READ).arg(3).arg(k[0]).arg(k[1]).arg(k[2])
      .arg(epoch).arg(after).arg(upto).arg(max);
    return store.read(eval).map(r -> {
      List<Entry> entries = new ArrayList<>(r.size() / 3);
      for (int i = 0; i + 2 < r.size(); i += 3) {
        entries.add(new Entry(r.get(i).toLong(), Long.parseLong(r.get(i + 1).toString()), r.get(i + 2).toBytes()));
      }
      served.increment(entries.size());
      return entries;
    });
  }
}
