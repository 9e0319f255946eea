// Runs the official MCP TypeScript SDK's example Streamable HTTP server
// (@modelcontextprotocol/sdk/dist/esm/examples/server/simpleStreamableHttp.js) unchanged, as the MCP peer of the
// benchmark. The example takes its port from MCP_PORT and has a `greet` tool: tools/call
// {"name":"greet","arguments":{"name":"load"}} answers {"content":[{"type":"text","text":"Hello, load!"}]}.
// Its endpoint is http://127.0.0.1:<port>/mcp (stateful: initialize first, then send Mcp-Session-Id).
//
// What this wrapper adds, and why:
// - --port P (0: any free port): the example has no such option, so it is passed as MCP_PORT; for port 0 a free
//   port is found first (the example prints the port it was given, not the one it bound);
// - loopback only: the example calls app.listen(port), which binds every interface; the wrapper makes a listen
//   without a host bind 127.0.0.1;
// - quiet: the example logs every request and its body with console.log; that costs the peer time the other
//   servers do not spend, so console.log is silenced after the `listening` line (--verbose keeps it);
// - SIGTERM: the example handles only SIGINT; SIGTERM exits within 2 s.
// Usage: node mcp-ts-example.mjs [--port P] [--verbose]. Prints `listening <port>` when ready.
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const portArg = argv.find((a, i) => argv[i - 1] === '--port') ?? argv.find((a) => a.startsWith('--port='))?.slice(7) ?? '0';
let port = Number.parseInt(portArg, 10);
if (Number.isNaN(port)) {
  console.error(`--port needs a number, got '${portArg}'`);
  process.exit(2);
}
if (port === 0) {
  port = await new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const p = probe.address().port;
      probe.close(() => resolve(p));
    }).on('error', reject);
  });
}
process.env.MCP_PORT = String(port);

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};

const log = console.log;
console.log = (...args) => {
  const line = args.map(String).join(' ');
  if (/listening on port/.test(line)) {
    const sdk = JSON.parse(readFileSync(new URL('./node_modules/@modelcontextprotocol/sdk/package.json', import.meta.url))).version;
    log(`mcp-ts: @modelcontextprotocol/sdk ${sdk} examples/server/simpleStreamableHttp.js on Node ${process.version}`);
    log(`listening ${port}`);
    if (!verbose) console.log = () => {};
    return;
  }
  log(...args);
};

const stop = () => {
  setTimeout(() => process.exit(0), 2000).unref();
  process.emit('SIGINT'); // the example's own shutdown: closes its transports, then exits
};
process.on('SIGTERM', stop);

await import('@modelcontextprotocol/sdk/examples/server/simpleStreamableHttp.js').catch(async (e) => {
  if (e.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED' && e.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  // the package does not export its examples: load the file by its path
  const file = createRequire(import.meta.url).resolve('@modelcontextprotocol/sdk/package.json')
    .replace(/package\.json$/, 'dist/esm/examples/server/simpleStreamableHttp.js');
  await import(file);
});
