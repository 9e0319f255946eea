package io.switchboard.security;

/**
 * Who may do what with a collaborative session. Decided by the session service (it knows the owner), on the
 * principal the edge verified.
 * <ul>
 *   <li>read (get, list): any of {@code admin}, {@code user}, {@code viewer};</li>
 *   <li>create: {@code admin} or {@code user}; the creator becomes the owner;</li>
 *   <li>change and delete: {@code admin}, or the owner while holding {@code user}.</li>
 *   <li>edit the shared document (of an active session): {@code admin} or {@code user}; viewers read only. The
 *   owner may narrow this with the session's {@code metadata.editors} (a list of subjects): then only they, the
 *   owner and admins may edit.</li>
 * </ul>
 */
public final class SessionPolicy {

  private SessionPolicy() {
  }

  public static boolean mayRead(Principal p) {
    return p.isAdmin() || p.hasRole(Principal.ROLE_USER) || p.hasRole(Principal.ROLE_VIEWER);
  }

  public static boolean mayCreate(Principal p) {
    return p.isAdmin() || p.hasRole(Principal.ROLE_USER);
  }

  public static boolean mayEdit(Principal p, String owner, java.util.List<?> editors) {
    if (p.isAdmin()) {
      return true;
    }
    if (!p.hasRole(Principal.ROLE_USER)) {
      return false;
    }
    return editors == null || p.subject().equals(owner) || editors.contains(p.subject());
  }

  public static boolean mayChange(Principal p, String owner) {
    return p.isAdmin() || (p.hasRole(Principal.ROLE_USER) && p.subject().equals(owner));
  }
}
