package io.switchboard.protocol.message;

/** Messages a client sends to the server. */
public sealed interface ClientMessage extends Message
    permits Subscribe, Unsubscribe, Publish, Resume, Ping, Join, Leave, Edit, Presence, InboxAck, Batch {
}
