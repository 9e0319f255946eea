package io.switchboard;

/** The product version. */
public final class Version {
  public static final String VERSION = "0.1.0";

  private Version() {
  }
}
