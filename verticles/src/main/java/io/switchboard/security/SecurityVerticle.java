package io.switchboard.security;

import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.Drain;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The security service of a node: the audit-log sink and, when enabled, the development token issuer. Token
 * verification itself happens in the edges ({@link TokenVerifier}), so requests do not queue behind this verticle.
 */
public class SecurityVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityVerticle.class);

  private AsyncFile auditFile;
  private Buffer pendingAudit = Buffer.buffer();
  private boolean auditWriting;
  private Future<Void> lastAuditWrite = Future.succeededFuture();
  private JWTAuth jwt;
  private String nodeId;

  @Override
  public Future<?> start() {
    nodeId = ClusterNode.get(vertx).nodeId();
    vertx.eventBus().<JsonObject>localConsumer(SecurityApi.AUDIT, msg -> writeAudit(msg.body()));
    Future<?> audit = openAuditLog(config().getString(SecurityConfig.AUDIT_FILE, "-"));
    if (!DevTokens.enabled(config())) {
      return audit;
    }
    if (!JwtKeys.canSign(config())) {
      return Future.failedFuture("auth.dev-tokens is on but no signing key is configured (set "
        + SecurityConfig.JWT_SECRET + " or " + SecurityConfig.JWT_PRIVATE_KEY_FILE + ")");
    }
    return Future.all(audit, JwtKeys.load(vertx, config()).onSuccess(auth -> jwt = auth))
      .onSuccess(ok -> vertx.eventBus().<JsonObject>localConsumer(SecurityApi.ISSUE_TOKEN, this::issueToken));
  }

  private Future<?> openAuditLog(String path) {
    if (path.isEmpty() || path.equals("-")) {
      return Future.succeededFuture();
    }
    return vertx.fileSystem()
      .open(path, new OpenOptions().setCreate(true).setWrite(true).setAppend(true))
      .onSuccess(file -> auditFile = file)
      .recover(err -> Future.failedFuture("cannot open audit log " + path + ": " + err.getMessage()));
  }

  private void writeAudit(JsonObject entry) {
    entry.put("node", nodeId);
    Buffer line = Buffer.buffer(entry.encode()).appendString("\n");
    if (auditFile == null) {
      System.out.print(line);
      return;
    }
    // One write in flight at a time, lines arriving meanwhile batched: AsyncFile's positioned writes may complete
    // out of order, and a log shipper tailing the file must never read a region that is not written yet.
    pendingAudit.appendBuffer(line);
    flushAudit();
  }

  private void flushAudit() {
    if (auditWriting || pendingAudit.length() == 0) {
      return;
    }
    Buffer batch = pendingAudit;
    pendingAudit = Buffer.buffer();
    auditWriting = true;
    lastAuditWrite = auditFile.write(batch).onComplete(done -> {
      auditWriting = false;
      if (done.failed()) {
        LOG.error("audit log write failed: {}", done.cause().getMessage());
      }
      flushAudit();
    });
  }

  private void issueToken(Message<JsonObject> msg) {
    JsonObject req = msg.body();
    String sub = req.getString("sub", "");
    int maxTtl = config().getInteger(SecurityConfig.DEV_TOKENS_MAX_TTL, 86400);
    int ttl = req.getInteger("ttlSeconds", 3600);
    JsonArray roles = req.getJsonArray("roles", new JsonArray().add(Principal.ROLE_USER));
    JsonObject fields = new JsonObject();
    if (sub.isBlank() || sub.length() > 200) {
      fields.put("sub", "must be a non-empty string of at most 200 characters");
    }
    if (ttl < 1 || ttl > maxTtl) {
      fields.put("ttlSeconds", "must be between 1 and " + maxTtl);
    }
    if (!roles.stream().allMatch(r -> r instanceof String)) {
      fields.put("roles", "must be an array of strings");
    }
    if (!fields.isEmpty()) {
      ServiceError.validation(fields).replyTo(msg);
      return;
    }
    JsonObject claims = new JsonObject().put("sub", sub)
      .put(config().getString(SecurityConfig.ROLES_CLAIM, "roles"), roles);
    JWTOptions options = JwtKeys.jwtOptions(config())
      .setAlgorithm(JwtKeys.signingAlgorithm(config()))
      .setExpiresInSeconds(ttl);
    String audience = config().getString(SecurityConfig.JWT_AUDIENCE, "");
    options.setAudience(audience.isEmpty() ? List.of() : List.of(audience));
    try {
      String token = jwt.generateToken(claims, options);
      Audit.record(vertx, Audit.TOKEN_ISSUED, new JsonObject().put("sub", sub).put("roles", roles).put("ttlSeconds", ttl));
      msg.reply(new JsonObject().put("token", token).put("tokenType", "Bearer").put("expiresIn", ttl));
    } catch (RuntimeException e) {
      LOG.error("token issuing failed", e);
      new ServiceError(ErrorCode.INTERNAL, "token could not be issued").replyTo(msg);
    }
  }

  /** Edges still draining may audit and ask for tokens: stop after them, then close the log. */
  @Override
  public Future<?> stop() {
    return Drain.awaitEdges(vertx, config()).compose(v -> {
      if (auditFile == null) {
        return Future.succeededFuture();
      }
      // Write what is still batched after the write in flight, then close.
      return lastAuditWrite.otherwiseEmpty().compose(x -> {
        Buffer rest = pendingAudit;
        pendingAudit = Buffer.buffer();
        return rest.length() > 0 ? auditFile.write(rest) : Future.<Void>succeededFuture();
      }).compose(x -> auditFile.close());
    });
  }
}
