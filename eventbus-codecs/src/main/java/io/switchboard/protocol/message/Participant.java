package io.switchboard.protocol.message;

/** One connection that has joined a session: its authenticated {@code user} and {@code connectionId}. */
public record Participant(String user, String connectionId) {

  public Participant {
    Check.user("user", user);
    Check.id("connectionId", connectionId);
  }
}
