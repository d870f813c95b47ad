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

/** The hook flushes a batch at this many records or bytes, whichever comes first (the relay forwards a batch per task). */
export const BATCH_MAX_RECORDS = 500;
export const BATCH_MAX_BYTES = 1024 * 1024;
