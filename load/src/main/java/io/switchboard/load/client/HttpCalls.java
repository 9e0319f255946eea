package io.switchboard.load.client;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * Plain HTTP/1.1 requests for the HTTP-side scenarios: one pooled keep-alive {@link HttpClient} per scenario,
 * created on the scenario's context so every callback runs on the client's one event loop.
 */
public final class HttpCalls {

  public static final long REQUEST_TIMEOUT_MS = 10_000;
  /** How much of an unexpected body goes into an error sample. */
  public static final int SAMPLE_CHARS = 300;

  private HttpCalls() {
  }

  /** A whole answer; {@code bytes} counts the request and response bodies (headers excluded). */
  public record Reply(int status, MultiMap headers, Buffer body, long bytes) {

    /** The body as a JSON object, or null when it is not one. */
    public JsonObject json() {
      try {
        return body.length() == 0 ? null : new JsonObject(body);
      } catch (RuntimeException e) {
        return null;
      }
    }

    /** "status 412: {...}" for error samples. */
    public String describe() {
      return "status " + status + ": " + sample(body);
    }
  }

  /** maxConnections: connections kept open to one server (one per concurrent client, so none waits for another). */
  public static HttpClient client(Vertx vertx, int maxConnections) {
    return vertx.createHttpClient(new HttpClientOptions()
            .setKeepAlive(true)
            .setConnectTimeout((int) REQUEST_TIMEOUT_MS),
        new PoolOptions().setHttp1MaxSize(maxConnections));
  }

  /**
   * Sends one request and reads the whole response. {@code token} (if not null) goes as a Bearer header,
   * {@code headers} (may be null) are added; a body is sent as JSON unless a Content-Type header says otherwise.
   */
  public static Future<Reply> call(HttpClient http, HttpMethod method, String url, String token, MultiMap headers,
                                   Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
        .setTimeout(REQUEST_TIMEOUT_MS);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    if (headers != null) {
      headers.forEach(options::putHeader);
    }
    if (body != null && (headers == null || !headers.contains("Content-Type"))) {
      options.putHeader("Content-Type", "application/json");
    }
    long sent = body == null ? 0 : body.length();
    return http.request(options)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b, sent + b.length())))
        .timeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  public static String sample(Buffer body) {
    String s = body == null ? "" : body.toString();
    return s.length() <= SAMPLE_CHARS ? s : s.substring(0, SAMPLE_CHARS) + "…";
  }

  /** The URL without trailing slashes, so paths can be appended. */
  public static String base(String url) {
    return url.replaceAll("/+$", "");
  }
}
