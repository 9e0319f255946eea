#!/usr/bin/env node
// A dependency-free client of Switchboard's TCP event-bus bridge (docs/bridges.md), and a CLI demo.
//
// Framing: every frame, both ways, is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON:
//   {type: "send"|"publish"|"register"|"unregister"|"ping", address, headers?, body?, replyAddress?}
// The server answers with {type: "message", address, headers, body, replyAddress?}, {type: "pong"}, or
// {type: "err", ...}: a request refused or failed is answered at its reply address with failureCode (the REST status)
// and the REST error body as message; an err without address refused a publish, a register or a bad frame.
//
//   const c = await BridgeClient.connect({ host: '127.0.0.1', port: 7000 });
//   await c.login(token);
//   await c.publish('public.news', { text: 'hi' });
//   c.subscribe('public.news', (deliver) => console.log(deliver));
//   await c.sessions('list');
import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

export const LOGIN = 'switchboard.bridge.login';
export const PUBLISH = 'switchboard.bridge.publish';
export const TOPIC_PREFIX = 'switchboard.bridge.topic.';
export const PROVIDER_PREFIX = 'switchboard.bridge.provider.';
export const SESSIONS = 'switchboard.sessions';
export const MCP_REGISTRY = 'switchboard.mcp.registry';

/** A refused frame or a failed request: status (the REST status, e.g. 401, 403, 429) and code when the server said them. */
export class BridgeError extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** From an err frame: a failed request carries failureCode and the REST error body as its message. */
  static fromFrame(frame) {
    const message = frame.message ?? frame.body ?? 'refused';
    try {
      const error = JSON.parse(message).error ?? {};
      return new BridgeError(`${error.code} (${frame.failureCode}): ${error.message}`, frame.failureCode, error.code);
    } catch {
      return new BridgeError(frame.failureCode === undefined ? message : `${message} (${frame.failureCode})`,
        frame.failureCode);
    }
  }
}

export class BridgeClient {
  static connect({ host = '127.0.0.1', port = 7000, useTls = false, ca, timeoutMs = 10000 } = {}) {
    return new Promise((resolve, reject) => {
      const socket = useTls
        ? tls.connect({ host, port, ca: ca ? fs.readFileSync(ca) : undefined, checkServerIdentity: () => undefined })
        : net.connect({ host, port });
      socket.once(useTls ? 'secureConnect' : 'connect', () => {
        socket.off('error', reject);
        resolve(new BridgeClient(socket, timeoutMs));
      });
      socket.once('error', reject);
    });
  }

  constructor(socket, timeoutMs) {
    this.socket = socket;
    this.timeoutMs = timeoutMs;
    this.buffer = Buffer.alloc(0);
    this.pending = new Map(); // reply address -> {resolve, reject, timer}
    this.handlers = new Map(); // registered address -> (body, frame) => void
    this.nextId = 1;
    this.user = null;
    this.timers = [];
    this.onError = (message) => console.error(`bridge error: ${message}`);
    socket.on('data', (chunk) => this.#read(chunk));
    socket.on('close', () => this.#failAll(new BridgeError('connection closed by the server')));
    socket.on('error', (e) => this.#failAll(new BridgeError(`connection lost: ${e.message}`)));
  }

  // -- framing ----------------------------------------------------------------------------------------------
  #write(frame) {
    const json = Buffer.from(JSON.stringify(frame), 'utf8');
    const header = Buffer.alloc(4);
    header.writeUInt32BE(json.length, 0);
    this.socket.write(Buffer.concat([header, json]));
  }

  #read(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32BE(0);
      if (this.buffer.length < 4 + length) return;
      const frame = JSON.parse(this.buffer.subarray(4, 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(4 + length);
      this.#dispatch(frame);
    }
  }

  #dispatch(frame) {
    if (frame.type === 'pong') return;
    const waiter = frame.address ? this.pending.get(frame.address) : undefined;
    if (waiter) {
      this.pending.delete(frame.address);
      clearTimeout(waiter.timer);
      if (frame.type === 'err') waiter.reject(BridgeError.fromFrame(frame));
      else waiter.resolve(frame);
      return;
    }
    if (frame.type === 'err') {
      // A refused request is answered at its reply address (above); an err without one refused a publish, a
      // register or a malformed frame, which no request waits for.
      this.onError(BridgeError.fromFrame(frame).message);
      return;
    }
    const handler = this.handlers.get(frame.address);
    if (handler) {
      try {
        handler(frame.body, frame);
      } catch (e) {
        console.error(`handler of ${frame.address} failed: ${e}`);
      }
    }
  }

  #failAll(error) {
    for (const w of this.pending.values()) {
      clearTimeout(w.timer);
      w.reject(error);
    }
    this.pending.clear();
  }

  // -- operations -------------------------------------------------------------------------------------------
  /** send with a reply address; resolves with the reply frame (rejects on refusal, failure or timeout). */
  requestMessage(address, body, headers) {
    const replyAddress = `client.reply.${process.pid}.${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(replyAddress);
        reject(new BridgeError(`no reply from ${address} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(replyAddress, { resolve, reject, timer });
      this.#write({ type: 'send', address, body, replyAddress, ...(headers ? { headers } : {}) });
    });
  }

  async request(address, body, headers) {
    return (await this.requestMessage(address, body, headers)).body;
  }

  /** send without a reply (also how a handler answers: send to the message's replyAddress). */
  send(address, body, headers) {
    this.#write({ type: 'send', address, body, ...(headers ? { headers } : {}) });
  }

  /** Receive what is sent or published to address (an outbound address: switchboard.bridge.*). */
  register(address, handler) {
    this.handlers.set(address, handler);
    this.#write({ type: 'register', address });
  }

  unregister(address) {
    this.handlers.delete(address);
    this.#write({ type: 'unregister', address });
  }

  /** Keeps the connection alive (the bridge closes idle connections). */
  ping() {
    this.#write({ type: 'ping' });
  }

  close() {
    this.timers.forEach(clearInterval);
    this.socket.end();
  }

  // -- Switchboard ------------------------------------------------------------------------------------------
  /** Authenticates the connection; resolves with {user, roles}. */
  async login(token) {
    const reply = await this.request(LOGIN, { token });
    this.user = reply.user;
    return reply;
  }

  /** Publishes to a topic (the same topic log as WebSocket clients); resolves with {topic, epoch, seq, messageId}. */
  publish(topic, payload, id) {
    return this.request(PUBLISH, { topic, payload, ...(id ? { id } : {}) });
  }

  /** handler(deliver) for every message published to the topic: {type: "deliver", topic, seq, payload, ...}. */
  subscribe(topic, handler) {
    this.register(TOPIC_PREFIX + topic, (body) => handler(body));
  }

  /** The session service: action create|get|list|update|delete|document|edit|history (docs/event-bus.md). */
  sessions(action = 'list', body = {}) {
    return this.request(SESSIONS, body, { action });
  }

  /**
   * Serves an MCP tool: handler(arguments, call) returns (or resolves to) an MCP tool result ({content: [...]}).
   * Registers under switchboard.bridge.provider.<user>.<tool> and re-registers before the TTL runs out.
   */
  async provideTool(definition, handler, ttlSeconds = 30) {
    if (!this.user) throw new BridgeError(`login first: providers live under ${PROVIDER_PREFIX}<user>.`);
    const address = `${PROVIDER_PREFIX}${this.user}.${definition.name}`;
    this.register(address, async (call, frame) => {
      let result;
      try {
        result = await handler(call.arguments ?? {}, call);
      } catch (e) {
        result = { content: [{ type: 'text', text: `tool failed: ${e.message}` }], isError: true };
      }
      if (frame.replyAddress) this.send(frame.replyAddress, result);
    });
    const entry = { action: 'register', kind: 'tool', name: definition.name, definition, address, ttlSeconds };
    await this.request(MCP_REGISTRY, entry);
    this.timers.push(setInterval(() => this.request(MCP_REGISTRY, entry).catch(() => {}),
      Math.max(1, Math.floor(ttlSeconds / 3)) * 1000));
    return address;
  }
}

// -- CLI demo -----------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const opts = { host: '127.0.0.1', port: 7000, tls: false };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--host') opts.host = argv[++i];
    else if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--token') opts.token = argv[++i];
    else if (a === '--tls') opts.tls = true;
    else if (a === '--ca') opts.ca = argv[++i];
    else if (a === '--count') opts.count = Number(argv[++i]);
    else if (a === '--seconds') opts.seconds = Number(argv[++i]);
    else rest.push(a);
  }
  return { opts, rest };
}

const USAGE = `usage: switchboard-bridge.mjs [--host H] [--port P] [--tls [--ca cert.pem]] --token JWT <command>
  publish TOPIC JSON            publish a JSON payload to a topic
  subscribe TOPIC [--count N]   print deliveries of a topic
  sessions                      list sessions (RPC to switchboard.sessions, action=list)
  serve-tool NAME [--seconds S] serve an MCP tool that echoes its 'text' argument`;

async function main(argv) {
  const { opts, rest } = parseArgs(argv);
  const [command, ...args] = rest;
  if (!opts.token || !command) {
    console.error(USAGE);
    return 2;
  }
  const out = (o) => console.log(JSON.stringify(o));
  const c = await BridgeClient.connect({ host: opts.host, port: opts.port, useTls: opts.tls, ca: opts.ca });
  try {
    out({ login: await c.login(opts.token) });
    if (command === 'publish') {
      out({ published: await c.publish(args[0], JSON.parse(args[1])) });
    } else if (command === 'subscribe') {
      let seen = 0;
      await new Promise((resolve) => {
        c.subscribe(args[0], (d) => {
          out({ deliver: d });
          if (opts.count && ++seen >= opts.count) resolve();
        });
        out({ subscribed: args[0] });
        c.timers.push(setInterval(() => c.ping(), 30000));
      });
    } else if (command === 'sessions') {
      out({ sessions: await c.sessions('list') });
    } else if (command === 'serve-tool') {
      const name = args[0];
      const definition = {
        name,
        description: 'Echoes its text argument (Node bridge client)',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
      };
      const address = await c.provideTool(definition, (a, call) => {
        out({ called: name, by: call.principal?.sub });
        return { content: [{ type: 'text', text: `node echo: ${a.text ?? ''}` }] };
      });
      out({ serving: name, address });
      c.timers.push(setInterval(() => c.ping(), 30000));
      await new Promise((resolve) => {
        if (opts.seconds) setTimeout(resolve, opts.seconds * 1000);
      });
    } else {
      console.error(USAGE);
      return 2;
    }
    return 0;
  } finally {
    c.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    if (e instanceof BridgeError) {
      console.error(`refused: ${e.message}`);
      process.exit(1);
    }
    console.error(e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' ? `cannot reach the bridge: ${e.message}`
      : `error: ${e.message}`);
    process.exit(2);
  });
}
