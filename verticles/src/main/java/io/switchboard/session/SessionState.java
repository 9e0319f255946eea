package io.switchboard.session;

/** Lifecycle of a collaborative session: active and suspended may switch; ended is final. */
public enum SessionState {
  ACTIVE, SUSPENDED, ENDED;

  public String wire() {
    return name().toLowerCase();
  }

  public static SessionState parse(String s) {
    for (SessionState st : values()) {
      if (st.wire().equals(s)) {
        return st;
      }
    }
    return null;
  }

  public boolean canBecome(SessionState next) {
    return this != ENDED || next == ENDED;
  }
}
