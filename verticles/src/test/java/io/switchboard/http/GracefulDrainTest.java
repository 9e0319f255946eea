package io.switchboard.http;

import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping a node (what SIGTERM does) lets a request already in flight finish, session service included,
 * while new connections are refused.
 */
@ExtendWith(VertxExtension.class)
class GracefulDrainTest {

  /**
   * Issue 16: after SIGTERM new connections were refused at once, so health never answered {@code draining}. During
   * the notice a new connection is served: health says {@code draining} (503), an API request is answered.
   */
  @Test
  void duringTheNoticeHealthSaysDrainingAndNewConnectionsAreServed(Vertx vertx, VertxTestContext ctx) {
    int port = TestNodes.freePort();
    String token = new Tokens(vertx, TestNodes.SECRET).token("notice", "user");
    String[] deployment = new String[1];
    Future<Void>[] undeploy = new Future[1];
    TestNodes.deploy(vertx, TestNodes.config(port).put("http.drain-notice-seconds", 2).put("http.drain-seconds", 1))
      .compose(id -> {
        deployment[0] = id;
        undeploy[0] = vertx.undeploy(id);
        return vertx.timer(300);
      })
      .compose(v -> fresh(vertx).request(HttpMethod.GET, port, "127.0.0.1", "/api/health").compose(HttpClientRequest::send)
        .compose(r -> r.body().map(b -> {
          ctx.verify(() -> {
            assertEquals(503, r.statusCode(), b.toString());
            assertEquals("draining", new JsonObject(b).getString("status"), b.toString());
          });
          return null;
        })))
      .compose(v -> fresh(vertx).request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
          .setURI("/api/sessions").putHeader("Authorization", "Bearer " + token)).compose(HttpClientRequest::send)
        .compose(r -> r.body().map(b -> {
          ctx.verify(() -> assertEquals(200, r.statusCode(), b.toString()));
          return null;
        })))
      .compose(v -> undeploy[0])
      .compose(v -> fresh(vertx).request(HttpMethod.GET, port, "127.0.0.1", "/api/health").compose(HttpClientRequest::send)
        .map(r -> false).otherwise(err -> true))
      .onComplete(ctx.succeeding(refused -> ctx.verify(() -> {
        assertTrue(refused, "after the notice and the drain, no new connection");
        ctx.completeNow();
      })));
  }

  /** A client on a connection of its own (no pooled connection from before the stop began). */
  private static HttpClient fresh(Vertx vertx) {
    return vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setKeepAlive(false));
  }

  @Test
  void inFlightRequestCompletesWhileTheNodeStops(Vertx vertx, VertxTestContext ctx) {
    int port = TestNodes.freePort();
    String token = new Tokens(vertx, TestNodes.SECRET).token("drainer", "user");
    // One pooled connection: a first request establishes it, so the POST below really is in flight on an accepted
    // connection when the node stops (a connection still in the accept queue at that moment is refused, rightly).
    HttpClient client = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setKeepAlive(true),
      new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1));
    byte[] body = new JsonObject().put("title", "finished during shutdown").encode().getBytes();
    String[] deployment = new String[1];
    TestNodes.deploy(vertx, TestNodes.config(port).put("http.drain-seconds", 5))
      .compose(id -> {
        deployment[0] = id;
        return client.request(HttpMethod.GET, port, "127.0.0.1", "/api/health").compose(HttpClientRequest::send)
          .compose(HttpClientResponse::body);
      })
      .compose(warm -> {
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
          .setURI("/api/sessions").putHeader("Authorization", "Bearer " + token)
          .putHeader("Content-Type", "application/json").putHeader("Content-Length", Integer.toString(body.length)));
      })
      .compose(request -> {
        // Half of the body now, the node starts stopping, the other half a moment later.
        Future<HttpClientResponse> response = request.response();
        request.write(Buffer.buffer(body).slice(0, 10));
        Future<Void> undeploy = Future.<Void>future(p -> vertx.setTimer(100, t -> p.complete()))
          .compose(v -> vertx.undeploy(deployment[0]));
        vertx.setTimer(400, t -> request.end(Buffer.buffer(body).slice(10, body.length)));
        return response.compose(r -> r.body().map(b -> {
          ctx.verify(() -> assertEquals(201, r.statusCode(), b.toString()));
          return null;
        })).compose(v -> undeploy);
      })
      .compose(v -> client.request(HttpMethod.GET, port, "127.0.0.1", "/api/health").compose(HttpClientRequest::send)
        .map(r -> false).otherwise(err -> true))
      .onComplete(ctx.succeeding(refused -> ctx.verify(() -> {
        assertTrue(refused, "a stopped node accepts no new connection");
        ctx.completeNow();
      })));
  }
}
