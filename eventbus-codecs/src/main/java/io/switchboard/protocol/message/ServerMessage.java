package io.switchboard.protocol.message;

/** Messages the server sends to a client. */
public sealed interface ServerMessage extends Message
    permits Ready, Subscribed, Unsubscribed, Ack, Deliver, Gap, Pong, ErrorMessage, Joined, Left, EditAck,
        RemoteEdit, RemotePresence, ParticipantJoined, ParticipantLeft, InboxItem, InboxEnd, InboxAcked, Batch {
}
