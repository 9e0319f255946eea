// A Socket.IO 4 server (websocket transport only) speaking the relay subset (relay-subset.mjs): every envelope,
// both ways, is one Socket.IO event `m` carrying the envelope object (`socket.emit("m", envelope)`, on the wire
// `42["m",{...}]`). Topics are Socket.IO rooms, so a delivery is one room broadcast, encoded once.
// The namespace CONNECT (`40{...}`) plays the part of `ready`: the client side synthesizes it, the server sends
// no ready event. Usage: node socketio-relay.mjs [--port P] [--host H]. Prints `listening <port>`; exits on SIGTERM.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { createRequire } from 'node:module';
import { handle, error, parseArgs, exitOnSignal } from './relay-subset.mjs';

const { port, host } = parseArgs(process.argv.slice(2));
const http = createServer();
const io = new Server(http, {
  transports: ['websocket'], // no HTTP long-polling: the load client speaks Engine.IO v4 over a plain WebSocket
  serveClient: false,
  perMessageDeflate: false,
  httpCompression: false,
  maxHttpBufferSize: 1 << 20, // 1 MiB messages like Switchboard's ws.max-frame-bytes
});

io.on('connection', (socket) => {
  const peer = {
    send: (m) => socket.emit('m', m),
    subscribe: (t) => socket.join(t),
    unsubscribe: (t) => socket.leave(t),
    deliver: (t, m) => io.to(t).emit('m', m),
  };
  socket.on('m', (m) => handle(m, peer));
  socket.onAny((event) => {
    if (event !== 'm') peer.send(error('unknown_type', `unknown event '${event}'; every envelope is event 'm'`));
  });
});

http.listen(port, host, () => {
  console.log(`socketio: socket.io ${createRequire(import.meta.url)('socket.io/package.json').version} on Node ${process.version}`);
  console.log(`listening ${http.address().port}`);
});
http.on('error', (e) => {
  console.error(`socketio: ${e.message}`);
  process.exit(1);
});
exitOnSignal((done) => {
  io.close();
  http.close(done);
});
