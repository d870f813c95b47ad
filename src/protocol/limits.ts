/**
 * Capture limits shared by the hook (which cuts) and the validators (which refuse
 * anything bigger, so a hostile page cannot push more than an honest hook would).
 */

/** Bytes of a frame's payload kept in full; beyond this we keep the true size and this many bytes. */
export const MAX_CAPTURED_BYTES = 1024 * 1024;
/** A text payload is cut at this many UTF-16 units (at most 3 bytes each in UTF-8). */
export const MAX_CAPTURED_CHARS = MAX_CAPTURED_BYTES;
/** base64 of MAX_CAPTURED_BYTES. */
export const MAX_BASE64_CHARS = Math.ceil(MAX_CAPTURED_BYTES / 3) * 4;

/*
 * Long fields of lifecycle records: the hook cuts them here (src/page/fields.ts)
 * and keeps the true length beside them (`urlLength`, `frameUrlLength`,
 * `stackLength`, `protocolCount`, `reasonLength`), so the background never has
 * to refuse a socket for one long field. A socket URL or a page URL (a long
 * fragment) can be far longer than this; a stack is as deep as the page makes it.
 */
/** Characters kept of a socket URL and of the page (frame) URL. */
export const MAX_URL_CHARS = 64 * 1024;
/** Characters kept of the page's stack at the constructor call. */
export const MAX_STACK_CHARS = 16 * 1024;
/** RFC 6455 leaves 123 bytes for a close reason; the browser enforces it on close(). */
export const MAX_REASON_CHARS = 123;
/** Subprotocols kept of those the page asked for, and characters kept of each name. */
export const MAX_PROTOCOLS = 64;
export const MAX_PROTOCOL_CHARS = 1024;
/** Characters kept of the negotiated extensions. */
export const MAX_EXTENSIONS_CHARS = 4096;

/*
 * A WebSocket handshake as the browser's webRequest reports it (the request's
 * and the response's headers): header values are the server's and the page's
 * to choose, so they are cut like the hook's fields, with the true length or
 * count kept (`valueLength`, `requestHeaderCount`, …).
 */
/** Headers kept of a request or a response. */
export const MAX_HEADERS = 128;
/** Characters kept of a header's name, and of its value (a cookie can be long). */
export const MAX_HEADER_NAME_CHARS = 256;
export const MAX_HEADER_VALUE_CHARS = 8 * 1024;
/** Characters kept of the response's status line and of the browser's error name. */
export const MAX_STATUS_LINE_CHARS = 1024;
export const MAX_NET_ERROR_CHARS = 256;

/** The hook flushes a batch at this many records or bytes, whichever comes first (the relay forwards a batch per task). */
export const BATCH_MAX_RECORDS = 500;
export const BATCH_MAX_BYTES = 1024 * 1024;
/** The most bytes the worker reads of a batch's Blob (its chunks, protocol/batch.ts): what one extension message may carry. */
export const MAX_BATCH_BLOB_BYTES = 64 * 1024 * 1024;

/**
 * A message to a client (a panel, the CLI) carries at most about this many
 * bytes of records: Chrome refuses any extension message over 64 MiB, and
 * smaller messages keep each clone short. Estimated by recordBytes (chunks.ts).
 */
export const MAX_CLIENT_MESSAGE_BYTES = 8 * 1024 * 1024;
/**
 * And at most this many records: a client receives and validates a message in
 * one task, so a message of small records must stay short too (8 MiB of 64 B
 * frames, 20,000 of them, took a panel 150 ms; a trace of a flood shows
 * about 10 µs of thread time a record, and three times that in wall time
 * while the flood's page and worker share two cores: 500 keep a message to
 * a few ms).
 */
export const MAX_CLIENT_MESSAGE_RECORDS = 500;
/** A slice read (`read {after, limit}`) returns at most this many records. */
export const MAX_READ_RECORDS = 50_000;

/** How long the background waits for a page to answer a command. */
export const COMMAND_TIMEOUT_MS = 5000;
/** How much longer a client waits than the background does before it calls it a timeout itself. */
export const CLIENT_GRACE_MS = 2000;
/** Intercept rules per tab. */
export const MAX_RULES = 100;
/** Most client frames one replay command carries (a bigger connection is replayed with `websocket-lens replay`). */
export const MAX_REPLAY_FRAMES = 10_000;
/** The longest delay a rule may hold a frame. */
export const MAX_DELAY_MS = 600_000;

/**
 * The longest a relay holds the records of a flood before forwarding them
 * (content/idle-forward.ts): a socket's create may reach the background this
 * late, which whoever waits for it (a handshake's join, `record --until-idle`) must outlast.
 */
export const RELAY_MAX_HOLD_MS = 3000;
