package io.switchboard.security;

/** Configuration keys read by the security package (defaults in switchboard-defaults.json). */
public final class SecurityConfig {
  public static final String JWT_SECRET = "auth.jwt.secret";
  public static final String JWT_PUBLIC_KEY_FILE = "auth.jwt.public-key-file";
  public static final String JWT_PUBLIC_KEY_ALGORITHM = "auth.jwt.public-key-algorithm";
  public static final String JWT_PRIVATE_KEY_FILE = "auth.jwt.private-key-file";
  public static final String JWT_JWKS_FILE = "auth.jwt.jwks-file";
  public static final String JWT_ISSUER = "auth.jwt.issuer";
  public static final String JWT_AUDIENCE = "auth.jwt.audience";
  public static final String JWT_LEEWAY_SECONDS = "auth.jwt.leeway-seconds";
  /** Tokens are refused if they expire further away than this: every token must have an exp, and not a distant one. */
  public static final String JWT_MAX_LIFETIME_SECONDS = "auth.jwt.max-lifetime-seconds";
  public static final String ROLES_CLAIM = "auth.roles-claim";
  public static final String DEFAULT_ROLES = "auth.default-roles";
  public static final String DEV_TOKENS = "auth.dev-tokens";
  public static final String DEV_TOKENS_MAX_TTL = "auth.dev-tokens.max-ttl-seconds";
  public static final String AUDIT_FILE = "audit.file";
  /**
   * Set by the main verticle, not by users: true when no key was configured and the node generated its HS256
   * secret (shared across the cluster through Hazelcast).
   */
  public static final String JWT_SECRET_GENERATED = "auth.jwt.secret-generated";

  private SecurityConfig() {
  }
}
