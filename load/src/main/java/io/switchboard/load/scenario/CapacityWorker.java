package io.switchboard.load.scenario;

import io.switchboard.load.client.Conn;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client process of the cluster {@code capacity} run ({@link ClusterCapacity}):
 * {@code java -cp <load jar> io.switchboard.load.scenario.CapacityWorker SPEC}.
 *
 * <p>Opens its share of the connections, each with a token of its own (user {@code cap-<n>}, from the first node's
 * development token endpoint) to node {@code n mod N}, subscribes every one to the run's topic and keeps them open.
 * A connection the server drops reconnects as a real client would: after a random delay (up to
 * {@value #RECONNECT_JITTER_MS} ms, so that thousands of clients do not arrive at the same instant) to another node
 * chosen at random (retried with exponential back-off), with the same token, and resumes the topic from the last seq it saw. Every delivery is checked
 * against its connection's last seq: a hole is a loss, a seq already seen a duplicate.
 *
 * <p>Talks to the parent in lines: commands on stdin ({@code report}, {@code final SEQ}, {@code close}), events on
 * stdout as {@value #EVENT_PREFIX} + one JSON object (anything else on stdout is not the parent's business).
 * All state lives on the one event loop.
 */
public final class CapacityWorker {

  static final String EVENT_PREFIX = "@";
  static final long RECONNECT_JITTER_MS = 1_000;
  static final int RECONNECT_ATTEMPTS = 40;
  static final long RECONNECT_BACKOFF_MAX_MS = 5_000;
  static final long FINAL_WAIT_MS = 120_000;
  /** Fan-out messages carry {@code payload.k} below this; each one's deliveries are counted separately. */
  static final int FAN_MESSAGES_MAX = 1_000;

  /** One connection's state. */
  private static final class Client {
    final int global;
    int node;
    String token;
    Conn conn;
    boolean live;
    Promise<Void> subscribing;
    long lastSeq = -1;
    String epoch;
    long droppedAt;
    int attempts;

    Client(int global, int node) {
      this.global = global;
      this.node = node;
    }
  }

  private final Vertx vertx;
  private final Context ctx;
  private final List<String> nodes;
  private final String tokenUrl;
  private final String topic;
  private final int batch;
  private final long openDeadline;
  private final List<Client> clients = new ArrayList<>();
  private final WebSocketClient client;
  private final HttpClient http;
  private final Stats connect = new Stats("connect->ready");
  private final Stats reconnect = new Stats("drop->resubscribed");
  private final int[] perNode;
  private final int[] fanCount = new int[FAN_MESSAGES_MAX];
  private final long[] fanLast = new long[FAN_MESSAGES_MAX];
  private final List<String> errorSamples = new ArrayList<>();
  private final java.util.Deque<Runnable> waitingForSlot = new java.util.ArrayDeque<>();
  private int handshakes;
  private int open;
  private int failed;
  private int dropped;
  private int pending;
  private int reconnected;
  private int reconnectFailures;
  private long lost;
  private long duplicates;
  private long gaps;
  private long epochChanges;
  private long lastBack;

  private CapacityWorker(Vertx vertx, JsonObject spec) {
    this.vertx = vertx;
    this.ctx = vertx.getOrCreateContext();
    this.nodes = spec.getJsonArray("nodes").stream().map(String::valueOf).toList();
    this.tokenUrl = spec.getString("tokenUrl");
    this.topic = spec.getString("topic");
    this.batch = spec.getInteger("batch");
    this.openDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(spec.getInteger("openSeconds"));
    this.perNode = new int[nodes.size()];
    int first = spec.getInteger("first");
    int count = spec.getInteger("count");
    for (int i = 0; i < count; i++) {
      clients.add(new Client(first + i, (first + i) % nodes.size()));
    }
    // No source address of our own: every node is a destination of its own, and connect() picks the local port
    // per destination (about 28,000 for each node). Binding a source address first (bind-before-connect, as the
    // one-node capacity run does to pass that limit) makes the kernel search a port free for *every* destination
    // at each bind: with ~10,000 ports in use per address that search took the event loop's whole time when
    // 14,000 clients reconnected at once, and nobody came back.
    client = Conn.client(vertx, 2 * count + 100, null);
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(batch));
  }

  public static void main(String[] args) throws Exception {
    JsonObject spec = new JsonObject(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    CapacityWorker worker = new CapacityWorker(vertx, spec);
    worker.ctx.runOnContext(v -> worker.openAll());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String command = line.trim();
      worker.ctx.runOnContext(v -> worker.command(command));
    }
    // the parent is gone: nobody reads what this process would measure
    System.exit(2);
  }

  private void command(String line) {
    if (line.equals("report")) {
      emit(counts("report"));
    } else if (line.startsWith("final ")) {
      awaitFinal(Long.parseLong(line.substring(6).trim()), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FINAL_WAIT_MS));
    } else if (line.equals("close")) {
      List<Future<Void>> closing = new ArrayList<>();
      clients.stream().filter(c -> c.conn != null).forEach(c -> closing.add(c.conn.close().otherwiseEmpty()));
      Future.join(closing).onComplete(ar -> vertx.close().onComplete(v -> System.exit(0)));
    }
  }

  private void openAll() {
    connect.start();
    reconnect.start();
    Batches.run(ctx, clients.size(), batch, openDeadline, i -> openFirst(clients.get(i)))
        .onComplete(ar -> {
          connect.stop();
          emit(counts("opened").put("seconds", Stats.round(connect.seconds(), 3)).put("connect", connect.export()));
        });
  }

  private Future<Void> openFirst(Client c) {
    return Conn.devToken(http, tokenUrl, "cap-" + c.global).compose(token -> {
      c.token = token;
      long t0 = System.nanoTime();
      return Conn.open(client, nodes.get(c.node), token).compose(conn -> {
        connect.recordNanos(System.nanoTime() - t0);
        return subscribe(c, conn);
      });
    }).onFailure(err -> {
      failed++;
      connect.error();
      sample("connection " + c.global + ": " + err.getMessage());
    });
  }

  /** Subscribes (resuming from the last seq seen, if any); the client is live once {@code subscribed} is back. */
  private Future<Void> subscribe(Client c, Conn conn) {
    Promise<Void> p = Promise.promise();
    c.subscribing = p;
    c.conn = conn;
    conn.handler(m -> onMessage(c, m));
    conn.closeHandler(() -> onClose(c));
    JsonObject sub = new JsonObject().put("type", "subscribe").put("id", "s").put("topic", topic);
    if (c.lastSeq >= 0 && c.epoch != null) {
      sub.put("resume", new JsonObject().put("epoch", c.epoch).put("seq", c.lastSeq));
    }
    conn.send(sub);
    return p.future().timeout(Steps.STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS).onSuccess(v -> {
      c.live = true;
      open++;
      perNode[c.node]++;
    }).onFailure(err -> {
      c.subscribing = null;
      conn.close();
    });
  }

  private void onMessage(Client c, JsonObject m) {
    switch (m.getString("type", "")) {
      case "deliver" -> onDeliver(c, m);
      case "subscribed" -> {
        JsonObject position = m.getJsonObject("position");
        if (position != null && c.lastSeq < 0) {
          c.epoch = position.getString("epoch");
          c.lastSeq = position.getLong("seq", 0L);
        } else if (position != null && c.epoch != null && !c.epoch.equals(position.getString("epoch"))) {
          epochChanges++;
        }
        if (c.subscribing != null) {
          c.subscribing.tryComplete();
          c.subscribing = null;
        }
      }
      case "gap" -> gaps++;
      case "error" -> {
        if (c.subscribing != null) {
          c.subscribing.tryFail("subscribe refused: " + m.getString("code") + ": " + m.getString("message"));
        } else {
          sample("connection " + c.global + ": error " + m.encode());
        }
      }
      default -> { }
    }
  }

  private void onDeliver(Client c, JsonObject m) {
    long seq = m.getLong("seq", -1L);
    if (c.lastSeq >= 0 && seq <= c.lastSeq) {
      duplicates++;
      return;
    }
    if (c.lastSeq >= 0 && seq > c.lastSeq + 1) {
      lost += seq - c.lastSeq - 1;
    }
    c.lastSeq = seq;
    if (m.getValue("payload") instanceof JsonObject payload && payload.getValue("k") instanceof Number n) {
      int k = n.intValue();
      if (k >= 0 && k < FAN_MESSAGES_MAX) {
        fanLast[k] = System.nanoTime();
        if (++fanCount[k] == open) {
          emit(new JsonObject().put("event", "delivered").put("k", k).put("count", fanCount[k]).put("last", fanLast[k]));
        }
      }
    }
  }

  private void onClose(Client c) {
    if (!c.live) {
      if (c.subscribing != null) {
        c.subscribing.tryFail("closed by the server before subscribed");
      }
      return;
    }
    c.live = false;
    open--;
    perNode[c.node]--;
    dropped++;
    pending++;
    c.droppedAt = System.nanoTime();
    c.attempts = 0;
    int lostNode = c.node;
    vertx.setTimer(1 + ThreadLocalRandom.current().nextLong(RECONNECT_JITTER_MS), id -> reconnect(c, lostNode));
  }

  /**
   * To a node other than the one that dropped the connection, chosen at random; retried a bounded number of times.
   * At most {@code batch} handshakes of this process are in flight at once, as when the connections were first
   * opened: thousands of clients of one process reconnecting at the same instant would otherwise all start their
   * handshakes on this one event loop and this one kernel (a real crowd's clients each have their own), miss their
   * timeouts together and retry together.
   */
  private void reconnect(Client c, int lostNode) {
    if (handshakes >= batch) {
      waitingForSlot.add(() -> reconnect(c, lostNode));
      return;
    }
    handshakes++;
    c.attempts++;
    int other = nodes.size() == 1 ? 0 : ThreadLocalRandom.current().nextInt(nodes.size() - 1);
    c.node = nodes.size() == 1 || other < lostNode ? other : other + 1;
    Conn.open(client, nodes.get(c.node), c.token).compose(conn -> subscribe(c, conn)).onComplete(ar -> {
      handshakes--;
      Runnable next = waitingForSlot.poll();
      if (next != null) {
        next.run();
      }
    }).onSuccess(v -> {
      long now = System.nanoTime();
      pending--;
      reconnected++;
      reconnect.recordNanos(now - c.droppedAt);
      lastBack = Math.max(lastBack, now);
    }).onFailure(err -> {
      if (c.attempts < RECONNECT_ATTEMPTS) {
        // exponential back-off with jitter, as a client library does: a crowd that failed must not come back at once
        long backOff = Math.min(RECONNECT_BACKOFF_MAX_MS, 250L << Math.min(c.attempts, 5));
        vertx.setTimer(backOff / 2 + ThreadLocalRandom.current().nextLong(backOff / 2 + 1), id -> reconnect(c, lostNode));
      } else {
        pending--;
        reconnectFailures++;
        reconnect.error();
        sample("connection " + c.global + ": not back after " + c.attempts + " attempts: " + err.getMessage());
      }
    });
  }

  /** Waits until no reconnection is pending and every live connection has seen {@code seq}, then counts what is missing. */
  private void awaitFinal(long seq, long deadline) {
    boolean done = pending == 0 && clients.stream().allMatch(c -> !c.live || c.lastSeq >= seq);
    if (!done && System.nanoTime() - deadline < 0) {
      vertx.setTimer(200, id -> awaitFinal(seq, deadline));
      return;
    }
    long behind = 0;
    long maxSeq = -1;
    for (Client c : clients) {
      maxSeq = Math.max(maxSeq, c.lastSeq);
      if (c.lastSeq >= 0 && c.lastSeq < seq) {
        behind++;
        lost += seq - c.lastSeq;
      }
    }
    reconnect.stop();
    emit(counts("final").put("finalSeq", seq).put("behind", behind).put("maxSeqSeen", maxSeq).put("connect", connect.export())
        .put("reconnect", reconnect.export()).put("errorSamples", new JsonArray(errorSamples)));
  }

  private JsonObject counts(String event) {
    JsonArray nodeCounts = new JsonArray();
    for (int n : perNode) {
      nodeCounts.add(n);
    }
    return new JsonObject().put("event", event).put("open", open).put("failed", failed).put("dropped", dropped)
        .put("pending", pending).put("reconnected", reconnected).put("reconnectFailures", reconnectFailures)
        .put("lost", lost).put("duplicates", duplicates).put("gaps", gaps).put("epochChanges", epochChanges)
        .put("lastBack", lastBack).put("perNode", nodeCounts);
  }

  private void sample(String s) {
    if (errorSamples.size() < 20) {
      errorSamples.add(s);
    }
  }

  private static void emit(JsonObject event) {
    System.out.println(EVENT_PREFIX + event.encode());
    System.out.flush();
  }
}
