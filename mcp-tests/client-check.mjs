#!/usr/bin/env node
// client-check.mjs: drives an MCP server with the official TypeScript SDK client
// (@modelcontextprotocol/sdk, pinned in package.json) over one transport, runs only the
// steps asked for by flags, and prints ONE JSON object on stdout.
//
// Exit codes: 0 = every requested step succeeded; 1 = a step failed (message on stderr,
// and the JSON on stdout has ok=false, error, failedStep and whatever was gathered);
// 2 = bad usage; 3 = global timeout.
//
// Run `node client-check.mjs --help` for the flags. See docs/mcp-conformance-fixture.md.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { WebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
  PromptListChangedNotificationSchema
} from '@modelcontextprotocol/sdk/types.js';
import { parseArgs } from 'node:util';

const USAGE = `Usage: node client-check.mjs --transport streamable-http|sse|stdio|websocket [options]

Connection:
  --transport T          streamable-http (default), sse, stdio or websocket
  --url URL              server URL (HTTP transports: the MCP endpoint, e.g. http://127.0.0.1:8080/mcp;
                         sse: the SSE endpoint; websocket: ws://host:port/path)
  --command "CMD ARGS"   stdio only: the server command line (split on spaces, '…' and "…" quote)
  --cwd DIR              stdio only: working directory of the server process
  --token JWT            HTTP/SSE: sent as "Authorization: Bearer JWT" on every request;
                         websocket: see --ws-token; stdio: exported as MCP_TOKEN and SWITCHBOARD_TOKEN
  --ws-token MODE        websocket only: query (append ?token=JWT), header (Authorization header,
                         via the 'ws' package) or both (default)
  --header "K: V"        extra HTTP header (repeatable; HTTP/SSE/websocket-with-header)
  --timeout MS           global timeout, default 30000 (the script always ends by then)

Steps (each optional; run in this order; nothing but initialize runs unless asked):
  --ping                 send ping
  --log-level LEVEL      logging/setLevel LEVEL before the other steps
  --list-tools           tools/list (all pages)
  --tool NAME            tools/call NAME ...
  --args JSON            ... with these arguments (default {})
  --progress             ... with a progressToken, recording notifications/progress
  --list-resources       resources/list (all pages)
  --list-templates       resources/templates/list (all pages)
  --resource URI         resources/read URI
  --subscribe            resources/subscribe to --subscribe-uri (default: the --resource URI),
                         print READY on stderr, then wait for notifications/resources/updated
                         for that URI (failing the run if none comes in --subscribe-wait ms)
  --subscribe-uri URI    the URI to subscribe to, if not --resource
  --subscribe-wait MS    how long to wait for the update (default 15000)
  --unsubscribe          resources/unsubscribe afterwards
  --list-prompts         prompts/list (all pages)
  --prompt NAME          prompts/get NAME ...
  --prompt-args JSON     ... with these arguments (string values)
  --complete JSON        completion/complete with these params, e.g.
                         '{"ref":{"type":"ref/prompt","name":"p"},"argument":{"name":"a","value":"x"}}'

Client side (answers to server requests; every request received is reported):
  --sampling-text TEXT   text of the sampling/createMessage answer (default "This is a test response from the client")
  --elicit-action A      accept (default), decline or cancel
  --elicit-content JSON  content of the elicitation answer (default {"response":"test response"})

Output: one JSON object on stdout: ok, transport, url, protocolVersion, serverInfo,
serverCapabilities, instructions, and one key per step run (ping, tools, toolResult,
progress, resources, resourceTemplates, resourceRead, subscription, prompts, prompt,
completion), plus notifications (logging, listChanged, resourceUpdated) and serverRequests
(sampling, elicitation, roots) and elapsedMs. READY is the only line this script prints on
stderr on success (besides SDK warnings).`;

const S = { type: 'string' };
const B = { type: 'boolean' };
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  transport: { type: 'string', default: 'streamable-http' },
  url: S,
  command: S,
  cwd: S,
  token: S,
  'ws-token': { type: 'string', default: 'both' },
  header: { type: 'string', multiple: true },
  timeout: { type: 'string', default: '30000' },
  ping: B,
  'log-level': S,
  'list-tools': B,
  tool: S,
  args: S,
  progress: B,
  'list-resources': B,
  'list-templates': B,
  resource: S,
  subscribe: B,
  'subscribe-uri': S,
  'subscribe-wait': { type: 'string', default: '15000' },
  unsubscribe: B,
  'list-prompts': B,
  prompt: S,
  'prompt-args': S,
  complete: S,
  'sampling-text': { type: 'string', default: 'This is a test response from the client' },
  'elicit-action': { type: 'string', default: 'accept' },
  'elicit-content': { type: 'string', default: '{"response":"test response"}' }
};

const started = Date.now();
let parsed;
try {
  parsed = parseArgs({ allowPositionals: false, options: OPTIONS });
} catch (e) {
  usageError(e.message);
}

function usageError(msg) {
  process.stderr.write(`client-check: ${msg}\n\n${USAGE}\n`);
  process.exit(2);
}

const opt = parsed.values;
if (opt.help) {
  process.stdout.write(USAGE + '\n');
  process.exit(0);
}

function parseJsonFlag(name, text, fallback) {
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text);
  } catch (e) {
    usageError(`--${name} is not valid JSON: ${e.message}`);
  }
}

const transportName = opt.transport;
if (!['streamable-http', 'sse', 'stdio', 'websocket'].includes(transportName)) {
  usageError(`unknown --transport '${transportName}'`);
}
if (transportName === 'stdio' && !opt.command) usageError('--transport stdio needs --command');
if (transportName !== 'stdio' && !opt.url) usageError(`--transport ${transportName} needs --url`);
if (!['query', 'header', 'both'].includes(opt['ws-token'])) usageError('--ws-token must be query, header or both');
const timeoutMs = Number(opt.timeout);
const subscribeWaitMs = Number(opt['subscribe-wait']);
if (!(timeoutMs > 0) || !(subscribeWaitMs >= 0)) usageError('--timeout and --subscribe-wait take milliseconds');
const toolArgs = parseJsonFlag('args', opt.args, {});
const promptArgs = parseJsonFlag('prompt-args', opt['prompt-args'], undefined);
const completeParams = parseJsonFlag('complete', opt.complete, undefined);
const elicitContent = parseJsonFlag('elicit-content', opt['elicit-content'], {});
const subscribeUri = opt.subscribe ? (opt['subscribe-uri'] ?? opt.resource) : undefined;
if (opt.subscribe && !subscribeUri) usageError('--subscribe needs --subscribe-uri or --resource');

const extraHeaders = {};
for (const h of opt.header ?? []) {
  const i = h.indexOf(':');
  if (i <= 0) usageError(`--header '${h}' is not "Name: value"`);
  extraHeaders[h.slice(0, i).trim()] = h.slice(i + 1).trim();
}
const authHeaders = opt.token ? { Authorization: `Bearer ${opt.token}` } : {};

// ---- result, output and the global timeout ------------------------------------------
const out = {
  ok: false,
  transport: transportName,
  url: opt.url ?? null,
  command: opt.command ?? null,
  protocolVersion: null,
  serverInfo: null,
  serverCapabilities: null,
  instructions: null,
  notifications: { logging: [], listChanged: [], resourceUpdated: [] },
  serverRequests: { sampling: [], elicitation: [], roots: 0 },
  steps: []
};
let currentStep = 'connect';
let client;
let finished = false;

async function finish(code, error) {
  if (finished) return;
  finished = true;
  out.ok = code === 0;
  if (error) {
    out.error = error instanceof Error ? error.message : String(error);
    out.failedStep = currentStep;
    if (error?.code !== undefined) out.errorCode = error.code;
  }
  out.elapsedMs = Date.now() - started;
  process.stdout.write(JSON.stringify(out) + '\n');
  if (error) process.stderr.write(`client-check: step '${currentStep}' failed: ${out.error}\n`);
  try {
    await Promise.race([client?.close(), new Promise((r) => setTimeout(r, 2000))]);
  } catch {
    // closing is best effort
  }
  process.exit(code);
}

const globalTimer = setTimeout(() => {
  currentStep = `${currentStep} (global timeout ${timeoutMs} ms)`;
  finish(3, new Error(`timed out after ${timeoutMs} ms`));
}, timeoutMs);
globalTimer.unref?.();

// ---- transports ---------------------------------------------------------------------
function splitCommand(line) {
  const parts = [];
  let cur = '';
  let quote = null;
  let has = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (cur || has) parts.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
    }
  }
  if (quote) usageError('--command has an unclosed quote');
  if (cur || has) parts.push(cur);
  return parts;
}

async function makeTransport() {
  const headers = { ...extraHeaders, ...authHeaders };
  switch (transportName) {
    case 'streamable-http':
      return new StreamableHTTPClientTransport(new URL(opt.url), { requestInit: { headers } });
    case 'sse':
      return new SSEClientTransport(new URL(opt.url), { requestInit: { headers } });
    case 'stdio': {
      const [command, ...args] = splitCommand(opt.command);
      const env = { ...getDefaultEnvironment(), ...process.env };
      if (opt.token) {
        env.MCP_TOKEN = opt.token;
        env.SWITCHBOARD_TOKEN = opt.token;
      }
      return new StdioClientTransport({ command, args, env, cwd: opt.cwd, stderr: 'inherit' });
    }
    case 'websocket': {
      const url = new URL(opt.url);
      if (opt.token && opt['ws-token'] !== 'header') url.searchParams.set('token', opt.token);
      const wsHeaders = opt['ws-token'] === 'query' ? { ...extraHeaders } : headers;
      if (Object.keys(wsHeaders).length > 0 || typeof globalThis.WebSocket !== 'function') {
        // The SDK's WebSocket transport calls `new WebSocket(url, 'mcp')` on the global;
        // the 'ws' package lets us add headers (browsers' WebSocket cannot).
        const { default: WS } = await import('ws');
        globalThis.WebSocket = class extends WS {
          constructor(u, protocols) {
            super(u, protocols, { headers: wsHeaders });
          }
        };
      }
      return new WebSocketClientTransport(url);
    }
  }
}

// ---- steps --------------------------------------------------------------------------
async function step(name, fn) {
  currentStep = name;
  const result = await fn();
  out.steps.push(name);
  return result;
}

async function allPages(fetchPage, key) {
  const items = [];
  let cursor;
  for (let page = 0; page < 100; page++) {
    const r = await fetchPage(cursor ? { cursor } : undefined);
    items.push(...(r[key] ?? []));
    cursor = r.nextCursor;
    if (!cursor) break;
  }
  return items;
}

async function main() {
  client = new Client(
    { name: 'switchboard-client-check', version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: false } } }
  );
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    out.notifications.logging.push(n.params);
  });
  for (const [schema, kind] of [
    [ToolListChangedNotificationSchema, 'tools'],
    [ResourceListChangedNotificationSchema, 'resources'],
    [PromptListChangedNotificationSchema, 'prompts']
  ]) {
    client.setNotificationHandler(schema, () => out.notifications.listChanged.push(kind));
  }
  let onUpdated = () => {};
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
    out.notifications.resourceUpdated.push(n.params);
    onUpdated(n.params);
  });
  client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
    out.serverRequests.sampling.push(req.params);
    return {
      role: 'assistant',
      content: { type: 'text', text: opt['sampling-text'] },
      model: 'switchboard-client-check',
      stopReason: 'endTurn'
    };
  });
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    out.serverRequests.elicitation.push(req.params);
    const action = opt['elicit-action'];
    return action === 'accept' ? { action, content: elicitContent } : { action };
  });
  client.setRequestHandler(ListRootsRequestSchema, async () => {
    out.serverRequests.roots++;
    return { roots: [] };
  });

  const transport = await step('transport', makeTransport);
  // Record the negotiated protocol version from the initialize result (all transports).
  transport.onmessage = (message) => {
    if (message?.result?.protocolVersion && message.result.serverInfo && !out.protocolVersion) {
      out.protocolVersion = message.result.protocolVersion;
    }
  };
  await step('initialize', () => client.connect(transport));
  out.serverInfo = client.getServerVersion() ?? null;
  out.serverCapabilities = client.getServerCapabilities() ?? null;
  out.instructions = client.getInstructions() ?? null;
  if (transport.sessionId) out.sessionId = transport.sessionId;

  if (opt.ping) out.ping = await step('ping', () => client.ping());
  if (opt['log-level']) out.logLevel = await step('logging/setLevel', () => client.setLoggingLevel(opt['log-level']));

  if (opt['list-tools']) {
    out.tools = await step('tools/list', () => allPages((p) => client.listTools(p), 'tools'));
  }
  if (opt.tool) {
    const progress = [];
    const options = opt.progress ? { onprogress: (p) => progress.push(p) } : undefined;
    out.toolResult = await step(`tools/call ${opt.tool}`, () =>
      client.callTool({ name: opt.tool, arguments: toolArgs }, undefined, options)
    );
    if (opt.progress) out.progress = progress;
  }
  if (opt['list-resources']) {
    out.resources = await step('resources/list', () => allPages((p) => client.listResources(p), 'resources'));
  }
  if (opt['list-templates']) {
    out.resourceTemplates = await step('resources/templates/list', () =>
      allPages((p) => client.listResourceTemplates(p), 'resourceTemplates')
    );
  }
  if (opt.resource) {
    out.resourceRead = await step(`resources/read ${opt.resource}`, () => client.readResource({ uri: opt.resource }));
  }
  if (subscribeUri) {
    const updated = new Promise((resolve) => {
      onUpdated = (params) => {
        if (params?.uri === subscribeUri) resolve(params);
      };
    });
    await step(`resources/subscribe ${subscribeUri}`, () => client.subscribeResource({ uri: subscribeUri }));
    process.stderr.write('READY\n');
    currentStep = `wait for notifications/resources/updated ${subscribeUri}`;
    let timer;
    const got = await Promise.race([
      updated,
      new Promise((resolve) => {
        timer = setTimeout(() => resolve(null), subscribeWaitMs);
      })
    ]);
    clearTimeout(timer);
    out.subscription = { uri: subscribeUri, updated: got !== null, notification: got };
    if (got === null) {
      throw new Error(`no notifications/resources/updated for ${subscribeUri} within ${subscribeWaitMs} ms`);
    }
    out.steps.push('resources/updated');
    if (opt.unsubscribe) {
      await step(`resources/unsubscribe ${subscribeUri}`, () => client.unsubscribeResource({ uri: subscribeUri }));
    }
  }
  if (opt['list-prompts']) {
    out.prompts = await step('prompts/list', () => allPages((p) => client.listPrompts(p), 'prompts'));
  }
  if (opt.prompt) {
    out.prompt = await step(`prompts/get ${opt.prompt}`, () =>
      client.getPrompt({ name: opt.prompt, ...(promptArgs ? { arguments: promptArgs } : {}) })
    );
  }
  if (completeParams) {
    out.completion = await step('completion/complete', () => client.complete(completeParams));
  }
  currentStep = 'done';
}

main().then(
  () => finish(0),
  (e) => finish(1, e)
);
