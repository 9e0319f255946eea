package io.switchboard.session;

/**
 * The session service's event-bus API (documented in docs/event-bus.md). One address, the operation in the
 * {@code action} header; every request carries the verified {@code principal} ({@code {"sub":..,"roles":[..]}}).
 * Failures come back as the reply's failure code (an HTTP status) with a ServiceError JSON body.
 *
 * <pre>
 * create  {principal, session:{title, metadata?, ttlSeconds?, state?}}            -> session
 * get     {principal, id}                                                         -> session
 * list    {principal, state?, owner?, limit?, cursor?}                            -> {items:[session], nextCursor?}
 * update  {principal, id, ifMatch?: version, patch:{title?, state?, metadata?, ttlSeconds?}} -> session
 * delete  {principal, id, ifMatch?: version}                                      -> {id, deleted:true}
 * document {principal, id}                                                        -> {session, epoch, text, revision}
 * edit    {principal, id, revision, op, origin?, clientEditId?, resent?}          -> edit event (see EDITS); an edit
 *                                                                            already applied: its event, duplicate: true
 * history {principal, id, since, limit?, epoch?}                                  -> {session, epoch, since, revision, edits};
 *                                                                            resync when the epoch is not the document's
 * </pre>
 */
public final class SessionApi {

  public static final String ADDRESS = "switchboard.sessions";
  public static final String ACTION = "action";

  public static final String CREATE = "create";
  public static final String GET = "get";
  public static final String LIST = "list";
  public static final String UPDATE = "update";
  public static final String DELETE = "delete";
  public static final String DOCUMENT = "document";
  public static final String EDIT = "edit";
  public static final String HISTORY = "history";

  /**
   * Clustered (published to every node): each applied edit,
   * {@code {session, epoch, revision, op, author, origin, clientEditId}}, for the gateways to deliver.
   */
  public static final String EDITS = "switchboard.sessions.edits";

  /** Hazelcast map of session documents (objects, one backup). */
  public static final String DOCUMENTS = "switchboard.documents";

  /** Name of the Hazelcast map holding sessions (configured with a backup in cluster.xml). */
  public static final String MAP = "switchboard.sessions";

  private SessionApi() {
  }
}
