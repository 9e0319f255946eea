package io.switchboard.mcp;

import io.switchboard.mcp.provider.SwitchboardTools;
import io.switchboard.mcp.transport.ResourceListeners;
import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Applied edits become MCP resource-updated notices only while an MCP channel on the node listens for them. Before,
 * the relay turned every edit into a notice whether or not any agent was connected: work on the edit path for nobody.
 */
@ExtendWith(VertxExtension.class)
class McpResourceRelayTest {

  @Test
  void editsAreRelayedOnlyWhileAChannelListens(Vertx vertx, VertxTestContext ctx) {
    int port = TestNodes.freePort();
    Rest rest = new Rest(vertx, port);
    String alice = new Tokens(vertx, TestNodes.SECRET).token("alice", "user");
    List<String> notices = new CopyOnWriteArrayList<>();
    String[] id = new String[1];
    Runnable[] listening = new Runnable[1];
    TestNodes.deploy(vertx, TestNodes.config(port))
      .compose(d -> {
        vertx.eventBus().<JsonObject>consumer(McpApi.RESOURCE_UPDATED, m -> notices.add(m.body().getString("uri")));
        return rest.createSession(alice, "relay");
      })
      .compose(s -> {
        id[0] = s.getString("id");
        return edit(rest, alice, id[0], 0, "a");
      })
      .compose(v -> vertx.timer(300))
      .compose(v -> {
        ctx.verify(() -> assertTrue(notices.isEmpty(), "relayed with no MCP channel open: " + notices));
        listening[0] = ResourceListeners.of(vertx).listening(); // as an MCP connection or stream does when it opens
        return edit(rest, alice, id[0], 1, "b");
      })
      .compose(v -> vertx.timer(300))
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        listening[0].run();
        assertEquals(List.of(SwitchboardTools.documentUri(id[0])), notices);
        ctx.completeNow();
      })));
  }

  private static Future<Void> edit(Rest rest, String token, String session, long revision, String text) {
    JsonArray op = new JsonArray().add(text); // at the start of a document of `revision` one-letter edits
    if (revision > 0) {
      op.add((int) revision);
    }
    return rest.edit(token, session, revision, op)
      .map(r -> {
        if (r.statusCode() != 200) {
          throw new IllegalStateException("edit refused: " + r.statusCode() + " " + r.bodyAsString());
        }
        return null;
      });
  }
}
