package io.switchboard.protocol.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.protocol.message.Publish;
import java.io.IOException;

/**
 * The common {@code publish} frame read straight into its {@link Publish}, without the frame's tree: the fields are
 * taken as the parser meets them and only the payload becomes a tree ({@link JsonFrameReader.Builder}, the same
 * numbers and depth bound).
 *
 * <p>Why: a JSON publish was parsed into a map of its fields and then looked up field by field ({@code TreeReader});
 * together 22 % of a node's samples under {@code throughput} after the one-pass parser. Every frame a client publishes
 * goes this way, so its cost is the publish path's.
 *
 * <p>It only ever answers for a frame the general path would accept with the same result; anything else — another
 * type, a field it does not know (mentions, anything unknown), a repeated key, a value of an unexpected type or
 * null, a payload with a number or depth problem, a frame {@link Publish} refuses, malformed JSON — answers
 * {@code null}, and the caller decodes the frame the general way, which gives the precise error with its field and
 * ref. {@code FramesPublishFastPathTest} checks the two paths agree.
 */
final class JsonPublishReader {

  private JsonPublishReader() {
  }

  /** The frame's {@code publish}, or null when the general path must decide. The bytes hold no backslash-u escape. */
  static Publish tryRead(byte[] utf8) {
    try (JsonParser p = JsonFrameReader.FACTORY.createParser(utf8)) {
      return read(p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Publish read(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    PublishFields f = new PublishFields();
    JsonFrameReader.Builder builder = new JsonFrameReader.Builder();
    for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      boolean taken = switch (key) {
        case "type" -> t == JsonToken.VALUE_STRING && f.type(p.getText());
        case "id" -> t == JsonToken.VALUE_STRING && f.id(p.getText());
        case "topic" -> t == JsonToken.VALUE_STRING && f.topic(p.getText());
        case "payload" -> {
          if (f.hasPayload()) {
            yield false;
          }
          f.payload(builder.value(p, "payload", JsonValues.depthOfTopLevelValue("payload")));
          yield true;
        }
        case "priority" -> t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
            && f.priority(p.getIntValue());
        case "ack" -> t.isBoolean() && f.ack(t == JsonToken.VALUE_TRUE);
        case "e2e" -> t.isBoolean() && f.e2e(t == JsonToken.VALUE_TRUE);
        default -> false;
      };
      if (!taken) {
        return null;
      }
    }
    if (builder.problem != null || p.nextToken() != null) {
      return null;
    }
    return f.publish();
  }
}
