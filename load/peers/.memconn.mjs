import WebSocket from 'ws';
const [url, token, n] = [process.argv[2], process.argv[3], +process.argv[4]];
let ready = 0; const socks = [];
for (let i = 0; i < n; i++) {
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, perMessageDeflate: false });
  ws.on('message', m => { if (String(m).includes('"ready"')) { ready++; if (ready === n) console.log('READY'); } });
  ws.on('error', e => console.error('err', e.message));
  socks.push(ws);
  if (i % 50 === 49) await new Promise(r => setTimeout(r, 20));
}
setTimeout(() => process.exit(0), 60000);
