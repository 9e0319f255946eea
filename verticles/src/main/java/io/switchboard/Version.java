package io.switchboard;

/** The product version and the REST API version it serves. */
public final class Version {
  public static final String VERSION = "0.1.0";
  public static final String API_VERSION = "1";

  private Version() {
  }
}
