/**
 * The benchmark's workloads, run in the page: the same code with and without
 * the extension. Times are the page's own performance.now(), so they measure
 * what the page experiences, not what the test driver sees.
 *
 * The same file runs in a dedicated worker (worker.js loads it with
 * importScripts) for the deep-capture bench: nothing here but inWorker and
 * touchMemory's callers may assume a window.
 */
'use strict';

const wsUrl = (path) => `ws://${location.host}${path}`;
const payload = (type, size) => (type === 'text' ? 'x'.repeat(size) : new ArrayBuffer(size));
const sizeOf = (data) => (typeof data === 'string' ? data.length : data.byteLength);

function connect(path) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(path));
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => resolve(socket);
    socket.onerror = () => reject(new Error(`cannot connect to ${path}`));
  });
}

function close(socket) {
  return new Promise((resolve) => {
    socket.onclose = resolve;
    socket.close();
  });
}

/**
 * Resolves with the time of the count-th message; counts bytes so a short echo cannot pass unnoticed.
 * `onEach` sees every message's data first.
 */
function receive(socket, count, expectedBytes, onFirst, onEach) {
  return new Promise((resolve, reject) => {
    let received = 0;
    let bytes = 0;
    socket.onmessage = (event) => {
      if (received++ === 0) onFirst?.(performance.now());
      onEach?.(event.data);
      bytes += sizeOf(event.data);
      if (received < count) return;
      if (bytes === expectedBytes) resolve(performance.now());
      else reject(new Error(`received ${bytes} bytes, expected ${expectedBytes}`));
    };
  });
}

/**
 * A function that copies the bytes it is given into memory it has not touched
 * before and keeps them: the least a recorder that keeps every byte must do
 * (strings are immutable and kept as they are). For the bench's floor row.
 */
function keeper() {
  const CHUNK = 256 * 1024;
  const chunks = [];
  let chunk = null;
  let used = 0;
  return (data) => {
    if (typeof data === 'string') return;
    const length = data.byteLength;
    if (!chunk || used + length > CHUNK) {
      chunk = new ArrayBuffer(Math.max(CHUNK, length));
      chunks.push(chunk);
      used = 0;
    }
    new Uint8Array(chunk, used, length).set(new Uint8Array(data));
    used += length;
  };
}

/**
 * Sends count frames at once, then waits for every echo: first send to last echo.
 * With `keep` the page itself keeps a copy of every frame it sends and receives (see keeper):
 * what it receives in its handler, or with 'listener' in a listener of its own (as a
 * recorder that is not the page's code must).
 */
async function echo(type, count, size, keep = false) {
  const socket = await connect('/echo');
  const data = payload(type, size);
  const kept = keep ? keeper() : undefined;
  if (keep === 'listener') socket.addEventListener('message', (event) => kept(event.data));
  const done = receive(socket, count, count * size, undefined, keep === 'listener' ? undefined : kept);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    socket.send(data);
    kept?.(data);
  }
  const end = await done;
  await close(socket);
  return end - start;
}

/**
 * The server sends count frames (text, or binary as ArrayBuffers) when asked: first to last frame received.
 * With `keep` a listener of the page's own keeps every frame's time and data, as the least a recorder must.
 */
async function push(count, size, type = 'text', keep = false) {
  const socket = await connect(`/push?count=${count}&size=${size}&binary=${type === 'binary' ? 1 : 0}`);
  const kept = [];
  if (keep) socket.addEventListener('message', (event) => kept.push(performance.now(), event.data));
  let first = 0;
  const done = receive(socket, count, count * size, (t) => (first = t));
  socket.send('go');
  const end = await done;
  await close(socket);
  return end - first;
}

/** Sequential connect, open, close, closed. */
async function openClose(cycles) {
  const start = performance.now();
  for (let i = 0; i < cycles; i++) await close(await connect('/sink'));
  return performance.now() - start;
}

/**
 * send() in a tight loop on an open socket whose server drops everything,
 * timed up to the end of the microtasks it queued (the hook may send a batch in one).
 */
async function sendLoop(type, count, size) {
  const socket = await connect('/sink');
  const data = payload(type, size);
  const start = performance.now();
  for (let i = 0; i < count; i++) socket.send(data);
  await null;
  const time = performance.now() - start;
  await close(socket);
  return time;
}

/**
 * Milliseconds to write one byte in every 4 KiB page of `mib` MiB of fresh
 * memory, then of the same memory again: what a first touch costs here (the
 * hook copies every captured byte into memory it has not touched before).
 */
function touchMemory(mib) {
  const bytes = new Uint8Array(mib * 1024 * 1024);
  const pass = (value) => {
    const start = performance.now();
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = value;
    return performance.now() - start;
  };
  return { fresh: pass(1), warm: pass(2) };
}

/**
 * Runs one workload above in a dedicated worker started for it (worker.js),
 * which opens its own socket: what deep capture records, and the page hook
 * does not see. Resolves with the worker's own time; the worker's start is not
 * timed (under a debugger it waits for it before running).
 */
function inWorker(name, ...args) {
  return new Promise((resolve, reject) => {
    const worker = new Worker('worker.js');
    worker.onmessage = ({ data }) => (data.error ? reject(new Error(data.error)) : resolve(data.ms));
    worker.onerror = (event) => reject(new Error(`worker: ${event.message || 'failed to start'}`));
    worker.postMessage({ name, args });
  });
}

globalThis.lensBench = { echo, push, openClose, sendLoop, touchMemory, inWorker };
