package io.switchboard.protocol.signing;

import io.switchboard.protocol.message.Deliver;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures of {@code deliver} messages. The signed bytes are the UTF-8 encoding of
 * <pre>
 * "switchboard.v1" \n topic \n epoch \n seq \n messageId \n publisher \n ts \n e2e \n canonical-payload
 * </pre>
 * with {@code seq}/{@code ts} in decimal, {@code e2e} as {@code true}/{@code false} and the
 * payload as {@link CanonicalJson} (an e2e payload is a JSON string, so it is quoted). The
 * signature is sent as lowercase hex in {@code sig}. The form is unambiguous because no field
 * before the payload can contain a newline (identifiers reject control characters).
 */
public final class DeliverSignature {

  public static final String DOMAIN = "switchboard.v1";
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  /** @param key the shared signing key (at least 32 bytes recommended) */
  public DeliverSignature(byte[] key) {
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("signing key must not be empty");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /** The exact string that is signed. */
  public static String canonicalForm(Deliver d) {
    return DOMAIN + '\n' + d.topic() + '\n' + d.epoch() + '\n' + d.seq() + '\n' + d.messageId() + '\n'
        + d.publisher() + '\n' + d.ts() + '\n' + d.e2e() + '\n' + CanonicalJson.write(d.payload());
  }

  /** Lowercase hex HMAC-SHA256 of the canonical form (the {@code sig} field is ignored). */
  public String signature(Deliver d) {
    return hex(mac(canonicalForm(d).getBytes(StandardCharsets.UTF_8)));
  }

  /** The same delivery with {@code sig} set. */
  public Deliver sign(Deliver d) {
    return d.withSig(signature(d));
  }

  /** Whether {@code sig} is present and correct (constant-time comparison). */
  public boolean verify(Deliver d) {
    if (d.sig() == null) {
      return false;
    }
    byte[] expected = signature(d).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, d.sig().getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] mac(byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM); // Mac is not thread-safe; a new one is cheap enough
      mac.init(key);
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e); // every JDK has it
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return out.toString();
  }
}
