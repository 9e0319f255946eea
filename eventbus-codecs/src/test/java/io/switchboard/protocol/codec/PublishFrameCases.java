package io.switchboard.protocol.codec;

import java.util.stream.Stream;

/**
 * Publish frames, written as JSON objects, that both publish fast paths ({@link JsonPublishReader} and
 * {@link MsgPackFrameReader#tryReadPublish}) are tested with: the plain forms they take, and frames they must leave
 * to the general path. Frames only one encoding can carry (malformed JSON, repeated keys, numbers beyond uint64)
 * stay in that encoding's test.
 */
final class PublishFrameCases {

  private PublishFrameCases() {
  }

  static Stream<String> plain() {
    return Stream.of(
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":{\"text\":\"hi\"}}",
        "{\"payload\":[1,2.5,null,true],\"topic\":\"chat.lobby\",\"id\":\"m1\",\"type\":\"publish\",\"priority\":0,\"ack\":true}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":null}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":\"c2VjcmV0\",\"e2e\":true}");
  }

  static Stream<String> refused() {
    return Stream.of(
        "{\"type\":\"subscribe\",\"id\":\"s1\",\"topic\":\"chat.lobby\"}",
        "{\"type\":\"batch\",\"messages\":[{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1}]}",
        "{\"type\":\"publisher\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1}",
        "{\"type\":\"publish\",\"topic\":\"chat.lobby\",\"payload\":1}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"payload\":1}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\"}",
        "{\"type\":\"publish\",\"id\":null,\"topic\":\"chat.lobby\",\"payload\":1}",
        "{\"type\":\"publish\",\"id\":7,\"topic\":\"chat.lobby\",\"payload\":1}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":[\"chat\"],\"payload\":1}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1,\"priority\":\"high\"}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1,\"priority\":1.0}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1,\"priority\":3000000000}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1,\"priority\":9}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1,\"ack\":\"yes\"}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1,\"ack\":null}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":{\"a\":1},\"e2e\":true}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.*\",\"payload\":1}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat..lobby\",\"payload\":1}",
        "{\"type\":\"publish\",\"id\":\"\",\"topic\":\"chat.lobby\",\"payload\":1}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1,\"mentions\":[\"bob\"]}",
        "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1,\"extra\":{\"deep\":[[[]]]}}");
  }
}
