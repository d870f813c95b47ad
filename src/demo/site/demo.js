// The demo page's traffic. Plain browser JavaScript, served as is.
const log = (line) => {
  const el = document.getElementById('log');
  el.append(`${new Date().toLocaleTimeString()}  ${line}\n`);
  el.scrollTop = el.scrollHeight;
};
const wsUrl = (path) => `ws://${location.host}${path}`;

const chat = window.chat;
chat.addEventListener('message', (event) => log(`chat ← ${event.data}`));
const say = (text) => chat.readyState === WebSocket.OPEN && chat.send(JSON.stringify({ type: 'say', text }));
chat.addEventListener('open', () => say('hi everyone'));
document.getElementById('say').addEventListener('submit', (event) => {
  event.preventDefault();
  say(document.getElementById('text').value);
});
let count = 0;
setInterval(() => say(`automatic message #${++count}`), 1500);

const ticks = new WebSocket(wsUrl('/ticks'));
ticks.binaryType = 'arraybuffer';
ticks.addEventListener('open', () => ticks.send(new Uint8Array([1, 2, 3, 4])));
ticks.addEventListener('message', (event) => {
  const view = new DataView(event.data);
  if (event.data.byteLength === 16) log(`tick ← ${view.getFloat64(0, true).toFixed(2)}`);
});
setInterval(() => ticks.readyState === WebSocket.OPEN && ticks.send(new Blob([new Uint8Array([9, 9])])), 2500);

// Socket.IO (its real client, served by the demo's Socket.IO server): events with acks, presence, binary snapshots.
const room = window.io({ transports: ['websocket'] });
room.on('presence', (presence) => log(`socket.io presence ← ${presence.user}`));
setInterval(() => room.emit('chat message', `hello #${++count}`, (reply) => log(`socket.io ack ← ${reply.ok}`)), 1200);

const session = new WebSocket(wsUrl('/session'));
session.addEventListener('close', (event) => log(`session closed by server: ${event.code} ${event.reason}`));

// Nothing listens on port 1: this one fails and closes with 1006.
const broken = new WebSocket('ws://127.0.0.1:1/offline');
broken.addEventListener('close', (event) => log(`offline socket closed: ${event.code}`));
