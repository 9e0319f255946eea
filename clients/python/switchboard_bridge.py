#!/usr/bin/env python3
"""A dependency-free client of Switchboard's TCP event-bus bridge (docs/bridges.md), and a CLI demo.

Framing: every frame, both ways, is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON:
  {"type": "send"|"publish"|"register"|"unregister"|"ping", "address": ..., "headers": {...}, "body": ...,
   "replyAddress": ...}
The server answers with {"type": "message", "address", "headers", "body", "replyAddress"?}, "pong", or
{"type": "err", ...}: a request refused or failed is answered at its reply address with "failureCode" (the REST
status) and the REST error body as "message"; an err without address refused a publish, a register or a bad frame.

Library use:
    with BridgeClient("127.0.0.1", 7000) as c:
        c.login(token)
        c.publish("public.news", {"text": "hi"})
        c.subscribe("public.news", print)
        c.request("switchboard.sessions", {}, headers={"action": "list"})
"""
import argparse
import itertools
import json
import socket
import ssl
import struct
import sys
import threading
import time

LOGIN = "switchboard.bridge.login"
PUBLISH = "switchboard.bridge.publish"
TOPIC_PREFIX = "switchboard.bridge.topic."
PROVIDER_PREFIX = "switchboard.bridge.provider."
SESSIONS = "switchboard.sessions"
MCP_REGISTRY = "switchboard.mcp.registry"


class BridgeError(Exception):
    """The bridge refused a frame, or a request failed: status (the REST status, e.g. 401, 403, 429) and code
    (e.g. "unauthorized", "forbidden") when the server said them."""

    def __init__(self, message, status=None, code=None):
        super().__init__(message)
        self.status = status
        self.code = code

    @staticmethod
    def from_frame(frame):
        """An err frame: a failed request carries failureCode and the REST error body as its message."""
        message = frame.get("message") or frame.get("body") or "refused"
        status = frame.get("failureCode")
        try:
            error = json.loads(message).get("error") or {}
            return BridgeError("%s (%s): %s" % (error.get("code"), status, error.get("message")), status,
                               error.get("code"))
        except (ValueError, AttributeError):
            return BridgeError(message if status is None else "%s (%s)" % (message, status), status)


class BridgeClient:
    def __init__(self, host="127.0.0.1", port=7000, tls=False, cafile=None, timeout=10.0):
        raw = socket.create_connection((host, port), timeout=timeout)
        if tls:
            context = ssl.create_default_context(cafile=cafile)
            if cafile:
                context.check_hostname = False
            raw = context.wrap_socket(raw, server_hostname=host)
        raw.settimeout(None)
        self._sock = raw
        self._timeout = timeout
        self._write_lock = threading.Lock()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._pending = {}          # reply address -> [threading.Event, result or BridgeError]
        self._handlers = {}         # registered address -> callable(body, message)
        self.on_error = lambda message: print("bridge error: " + message, file=sys.stderr)
        self.user = None
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    # -- framing ---------------------------------------------------------------------------------------------
    def _write(self, frame):
        data = json.dumps(frame).encode("utf-8")
        with self._write_lock:
            self._sock.sendall(struct.pack(">I", len(data)) + data)

    def _read_exact(self, n):
        chunks = bytearray()
        while len(chunks) < n:
            chunk = self._sock.recv(n - len(chunks))
            if not chunk:
                raise EOFError("connection closed by the server")
            chunks += chunk
        return bytes(chunks)

    def _read_loop(self):
        try:
            while True:
                (length,) = struct.unpack(">I", self._read_exact(4))
                self._dispatch(json.loads(self._read_exact(length).decode("utf-8")))
        except (EOFError, OSError, ValueError) as e:
            self._fail_all(BridgeError("connection lost: %s" % e))

    def _dispatch(self, frame):
        kind = frame.get("type")
        address = frame.get("address")
        if kind == "pong":
            return
        with self._lock:
            waiter = self._pending.pop(address, None) if address else None
        if waiter is not None:
            waiter[1] = BridgeError.from_frame(frame) if kind == "err" else frame
            waiter[0].set()
            return
        if kind == "err":
            # A refused request is answered at its reply address (above); an err without one refused a publish, a
            # register or a malformed frame, which no request waits for.
            self.on_error(str(BridgeError.from_frame(frame)))
            return
        handler = self._handlers.get(address)
        if handler is not None:
            try:
                handler(frame.get("body"), frame)
            except Exception as e:  # a handler's bug must not kill the reader
                print("handler of %s failed: %r" % (address, e), file=sys.stderr)

    def _fail_all(self, error):
        with self._lock:
            waiters = list(self._pending.values())
            self._pending.clear()
        for w in waiters:
            w[1] = error
            w[0].set()

    # -- operations ------------------------------------------------------------------------------------------
    def request(self, address, body, headers=None, timeout=None):
        """send with a reply address; returns the reply's body (raises BridgeError on refusal or failure)."""
        return self.request_message(address, body, headers, timeout)["body"]

    def request_message(self, address, body, headers=None, timeout=None):
        reply = "%s.reply.%s.%d" % ("client", id(self), next(self._ids))
        waiter = [threading.Event(), None]
        with self._lock:
            self._pending[reply] = waiter
        frame = {"type": "send", "address": address, "body": body, "replyAddress": reply}
        if headers:
            frame["headers"] = headers
        self._write(frame)
        if not waiter[0].wait(timeout or self._timeout):
            with self._lock:
                self._pending.pop(reply, None)
            raise BridgeError("no reply from %s within %ss" % (address, timeout or self._timeout))
        if isinstance(waiter[1], Exception):
            raise waiter[1]
        return waiter[1]

    def send(self, address, body, headers=None):
        """send without expecting a reply (also how a handler answers: send to the message's replyAddress)."""
        frame = {"type": "send", "address": address, "body": body}
        if headers:
            frame["headers"] = headers
        self._write(frame)

    def register(self, address, handler):
        """Receive what is sent or published to address (an outbound address: switchboard.bridge.*)."""
        self._handlers[address] = handler
        self._write({"type": "register", "address": address})

    def unregister(self, address):
        self._handlers.pop(address, None)
        self._write({"type": "unregister", "address": address})

    def ping(self):
        """Keeps the connection alive (the bridge closes idle connections)."""
        self._write({"type": "ping"})

    def close(self):
        try:
            self._sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- Switchboard -----------------------------------------------------------------------------------------
    def login(self, token):
        """Authenticates the connection; returns {user, roles}."""
        reply = self.request(LOGIN, {"token": token})
        self.user = reply["user"]
        return reply

    def publish(self, topic, payload, message_id=None):
        """Publishes to a topic (the same topic log as WebSocket clients); returns {topic, epoch, seq, messageId}."""
        body = {"topic": topic, "payload": payload}
        if message_id:
            body["id"] = message_id
        return self.request(PUBLISH, body)

    def subscribe(self, topic, handler):
        """handler(deliver) for every message published to the topic: {type: "deliver", topic, seq, payload, ...}."""
        self.register(TOPIC_PREFIX + topic, lambda body, frame: handler(body))

    def sessions(self, action="list", body=None):
        """The session service: action create|get|list|update|delete|document|edit|history (docs/event-bus.md)."""
        return self.request(SESSIONS, body or {}, headers={"action": action})

    def provide_tool(self, definition, handler, ttl_seconds=30):
        """Serves an MCP tool: handler(arguments, call) returns an MCP tool result ({content: [...]}).
        Registers under switchboard.bridge.provider.<user>.<tool> and re-registers before the TTL runs out."""
        if self.user is None:
            raise BridgeError("login first: providers live under " + PROVIDER_PREFIX + "<user>.")
        address = PROVIDER_PREFIX + self.user + "." + definition["name"]

        def on_call(call, frame):
            reply_to = frame.get("replyAddress")
            try:
                result = handler(call.get("arguments") or {}, call)
            except Exception as e:
                result = {"content": [{"type": "text", "text": "tool failed: %s" % e}], "isError": True}
            if reply_to:
                self.send(reply_to, result)

        self.register(address, on_call)
        entry = {"action": "register", "kind": "tool", "name": definition["name"], "definition": definition,
                 "address": address, "ttlSeconds": ttl_seconds}
        self.request(MCP_REGISTRY, entry)

        def refresh():
            while True:
                time.sleep(max(1, ttl_seconds // 3))
                try:
                    self.request(MCP_REGISTRY, entry)
                except BridgeError:
                    return
        threading.Thread(target=refresh, daemon=True).start()
        return address


def main(argv=None):
    p = argparse.ArgumentParser(description="Switchboard TCP bridge demo")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7000)
    p.add_argument("--token", required=True, help="a JWT (e.g. from POST /api/auth/token with dev tokens on)")
    p.add_argument("--tls", action="store_true")
    p.add_argument("--cafile", help="trust this PEM certificate (self-signed servers)")
    sub = p.add_subparsers(dest="command", required=True)
    pub = sub.add_parser("publish", help="publish a JSON payload to a topic")
    pub.add_argument("topic")
    pub.add_argument("payload", help="JSON")
    s = sub.add_parser("subscribe", help="print deliveries of a topic")
    s.add_argument("topic")
    s.add_argument("--count", type=int, default=0, help="exit after this many (0: never)")
    sub.add_parser("sessions", help="list sessions (RPC to switchboard.sessions, action=list)")
    t = sub.add_parser("serve-tool", help="serve an MCP tool that echoes its 'text' argument")
    t.add_argument("name")
    t.add_argument("--seconds", type=float, default=0, help="exit after this long (0: never)")
    args = p.parse_args(argv)
    try:
        return run(args)
    except BridgeError as e:
        print("refused: %s" % e, file=sys.stderr)
        return 1
    except (OSError, EOFError) as e:
        print("cannot reach the bridge at %s:%d: %s" % (args.host, args.port, e), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def run(args):
    with BridgeClient(args.host, args.port, tls=args.tls, cafile=args.cafile) as c:
        who = c.login(args.token)
        print(json.dumps({"login": who}), flush=True)
        if args.command == "publish":
            print(json.dumps({"published": c.publish(args.topic, json.loads(args.payload))}), flush=True)
        elif args.command == "subscribe":
            done = threading.Event()
            seen = [0]

            def on_deliver(d):
                print(json.dumps({"deliver": d}), flush=True)
                seen[0] += 1
                if args.count and seen[0] >= args.count:
                    done.set()
            c.subscribe(args.topic, on_deliver)
            c.ping()
            print(json.dumps({"subscribed": args.topic}), flush=True)
            while not done.wait(30):
                c.ping()
        elif args.command == "sessions":
            print(json.dumps({"sessions": c.sessions("list")}), flush=True)
        elif args.command == "serve-tool":
            definition = {"name": args.name, "description": "Echoes its text argument (Python bridge client)",
                          "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}}}

            def echo(arguments, call):
                text = "python echo: %s" % arguments.get("text", "")
                print(json.dumps({"called": args.name, "by": (call.get("principal") or {}).get("sub")}), flush=True)
                return {"content": [{"type": "text", "text": text}]}
            address = c.provide_tool(definition, echo, ttl_seconds=30)
            print(json.dumps({"serving": args.name, "address": address}), flush=True)
            deadline = time.time() + args.seconds if args.seconds else None
            while deadline is None or time.time() < deadline:
                time.sleep(max(0, min(20, deadline - time.time())) if deadline else 20)
                c.ping()
    return 0


if __name__ == "__main__":
    sys.exit(main())
