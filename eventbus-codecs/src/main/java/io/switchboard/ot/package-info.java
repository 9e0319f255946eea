/**
 * Operational transform for plain-text collaborative editing (the ot.js model).
 *
 * <ul>
 *   <li>{@link io.switchboard.ot.TextOperation}: immutable retain/insert/delete operation, its
 *       ot.js JSON form, apply, compose, transform, invert.</li>
 *   <li>{@link io.switchboard.ot.Transformer}: rebase an operation over history.</li>
 *   <li>{@link io.switchboard.ot.OtDocument}: the server's authoritative document (text, revision,
 *       history window), applied atomically by the session engine.</li>
 *   <li>{@link io.switchboard.ot.OtClient}: reference client (Synchronized / AwaitingConfirm /
 *       AwaitingWithBuffer).</li>
 * </ul>
 * All lengths count Unicode code points ({@link io.switchboard.ot.CodePoints}). See
 * {@code docs/collaboration.md}.
 */
package io.switchboard.ot;
