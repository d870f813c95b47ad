/**
 * Redaction for shareable logs: masks secrets in session records before any
 * exporter sees them, so every format (HAR, JSON, NDJSON, text) is masked the
 * same way. A masked value becomes `*` repeated to its byte length (text
 * frames: UTF-8 bytes; binary frames: bytes), so frame sizes, offsets,
 * JSON structure and importability stay. The report says which rules masked
 * how many values; exports write it into the file.
 *
 * Default rules (on when redaction is chosen): Cookie / Set-Cookie /
 * Authorization headers, URL query parameters named like tokens or keys,
 * JWTs anywhere, JSON fields named like secrets, e-mail addresses, bearer
 * tokens and `key=value` secrets in text. The user adds regexes (the whole
 * match, or its first group when it has one, is masked) and JSON paths.
 */
import type { SessionRecord } from '../../protocol/schema';
import type { Header } from '../../protocol/handshake';
import { parseJsonPath, pathMatches, type JsonPath } from '../diff/json-path';
import { utf8Length } from '../utf8';
import { jsonLeafSpans } from './json-spans';
import type { LogMeta, RedactionSummary } from '../logs/records';

export interface RedactOptions {
  /** The built-in rules (default true). */
  defaults?: boolean;
  regexes?: readonly string[];
  paths?: readonly string[];
}

export type RedactRule =
  'header' | 'url-param' | 'jwt' | 'json-field' | 'email' | 'bearer' | 'key-value' | 'user-regex' | 'user-path';

export interface RedactionReport {
  /** How many values each rule masked. */
  rules: Partial<Record<RedactRule, number>>;
  masked: number;
  /** The user's own rules, as given. */
  userRegexes: string[];
  userPaths: string[];
  /** The rules that masked something in each frame, by seq (NDJSON lines carry them). */
  frames: Record<number, RedactRule[]>;
}

const SECRET_HEADERS = new Set([
  'cookie',
  'set-cookie',
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-auth-token',
]);
/** Names of fields and parameters that hold secrets, compared without case, `-` and `_`. */
const SECRET_NAME =
  /^(?:password|passwd|pwd|pass|passphrase|secret|clientsecret|token|accesstoken|refreshtoken|idtoken|authtoken|sessiontoken|csrftoken|xsrftoken|apikey|key|accesskey|secretkey|privatekey|auth|authorization|sessionid|session|sid|jwt|signature|sig|otp|pin|credential|credentials|cookie)$/;
const looksSecret = (name: string) => {
  const plain = name.toLowerCase().replace(/[-_.\s]/g, '');
  return SECRET_NAME.test(plain) || /password|secret|token|apikey/.test(plain);
};

const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const BEARER = /\b(?:Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{8,})/g;
/** `name=value` in query strings, form bodies and text: the value is masked when the name looks secret. */
const KEY_VALUE = /([A-Za-z0-9_.-]+)=([^&\s"'#;,]+)/g;
/** `"name": "value"` or `"name": 123` inside text that is not JSON as a whole (Socket.IO, STOMP bodies, binary). */
const QUOTED_FIELD = /"([^"\\]{1,64})"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?))/g;

/** Counts one rule's masks, and which frame they were in. */
class Tally {
  report: RedactionReport;
  frame: Set<RedactRule> | undefined;
  constructor(regexes: string[], paths: string[]) {
    this.report = { rules: {}, masked: 0, userRegexes: regexes, userPaths: paths, frames: {} };
  }
  add(rule: RedactRule): void {
    this.report.rules[rule] = (this.report.rules[rule] ?? 0) + 1;
    this.report.masked++;
    this.frame?.add(rule);
  }
}

/** How a mask is sized: by UTF-8 bytes (text) or one per character (binary read as Latin-1: one char per byte). */
type Unit = 'utf8' | 'latin1';
const stars = (raw: string, unit: Unit) => '*'.repeat(unit === 'utf8' ? utf8Length(raw) : raw.length);
const allStars = (raw: string) => /^\**$/.test(raw);

export class Redactor {
  private tally: Tally;
  private regexes: RegExp[];
  private paths: JsonPath[];
  private defaults: boolean;

  /** Throws an Error naming a bad regex or path (a usage error for the CLI). */
  constructor(options: RedactOptions = {}) {
    this.defaults = options.defaults ?? true;
    this.regexes = (options.regexes ?? []).map((source) => {
      try {
        return new RegExp(source, 'g');
      } catch (error) {
        throw new Error(`bad regular expression ${JSON.stringify(source)}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    });
    this.paths = (options.paths ?? []).map(parseJsonPath);
    this.tally = new Tally([...(options.regexes ?? [])], [...(options.paths ?? [])]);
  }

  get report(): RedactionReport {
    return this.tally.report;
  }

  /** A copy of the record with its secrets masked. */
  record(record: SessionRecord): SessionRecord {
    switch (record.kind) {
      case 'create':
        return {
          ...record,
          url: this.url(record.url),
          frameUrl: this.url(record.frameUrl),
          stack: this.text(record.stack, 'utf8'),
        };
      case 'frame': {
        this.tally.frame = new Set();
        const out =
          record.type === 'text'
            ? { ...record, data: this.text(record.data, 'utf8') }
            : { ...record, data: this.bytes(record.data) };
        if (this.tally.frame.size) this.report.frames[record.seq] = [...this.tally.frame];
        this.tally.frame = undefined;
        return out;
      }
      case 'closing':
        return record.reason === undefined ? record : { ...record, reason: this.text(record.reason, 'utf8') };
      case 'close':
        return { ...record, reason: this.text(record.reason, 'utf8') };
      case 'handshake':
        return {
          ...record,
          url: this.url(record.url),
          requestHeaders: this.headers(record.requestHeaders),
          responseHeaders: this.headers(record.responseHeaders),
        };
      default:
        return record;
    }
  }

  /** A URL with secret-looking query values (and any JWT or e-mail in it) masked. */
  url(url: string): string {
    return this.text(url, 'utf8');
  }

  headers(headers: readonly Header[]): Header[] {
    return headers.map((header) => {
      if (this.defaults && SECRET_HEADERS.has(header.name.toLowerCase()) && header.value && !allStars(header.value)) {
        this.tally.add('header');
        return { ...header, value: stars(header.value, 'latin1') };
      }
      return { ...header, value: this.text(header.value, 'latin1') };
    });
  }

  bytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
    let latin1 = '';
    for (let i = 0; i < bytes.length; i += 0x8000) latin1 += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    const masked = this.text(latin1, 'latin1');
    const out = new Uint8Array(bytes.length);
    for (let i = 0; i < masked.length; i++) out[i] = masked.charCodeAt(i);
    return out;
  }

  /** Text with every rule applied: JSON fields by structure first, then the patterns. */
  text(text: string, unit: Unit): string {
    let out = this.jsonFields(text, unit);
    if (this.defaults) {
      out = this.replace(out, JWT, 'jwt', unit);
      out = this.replace(out, BEARER, 'bearer', unit, 1);
      out = out.replace(QUOTED_FIELD, (match: string, name: string, str?: string, num?: string) => {
        const value = str ?? num!;
        if (!looksSecret(name) || allStars(value) || (num !== undefined && /^9+$/.test(num))) return match;
        this.tally.add('json-field');
        const masked = str !== undefined ? stars(value, unit) : '9'.repeat(value.length);
        return (
          match.slice(0, match.length - value.length - (str !== undefined ? 1 : 0)) +
          masked +
          (str !== undefined ? '"' : '')
        );
      });
      out = out.replace(KEY_VALUE, (match: string, name: string, value: string) => {
        if (!looksSecret(name) || allStars(value)) return match;
        this.tally.add(/^(?:https?|wss?):\/\//.test(text) ? 'url-param' : 'key-value');
        return `${name}=${stars(value, unit)}`;
      });
      out = this.replace(out, EMAIL, 'email', unit);
    }
    for (const regex of this.regexes) out = this.replace(out, regex, 'user-regex', unit, 'first-group');
    return out;
  }

  /** Masks the whole match, or one group of it. */
  private replace(text: string, regex: RegExp, rule: RedactRule, unit: Unit, group?: 1 | 'first-group'): string {
    return text.replace(regex, (match: string, ...rest: unknown[]) => {
      const groupText = group !== undefined && typeof rest[0] === 'string' ? rest[0] : undefined;
      const target = groupText ?? match;
      if (!target || allStars(target)) return match;
      this.tally.add(rule);
      if (groupText === undefined) return stars(match, unit);
      const at = match.indexOf(groupText);
      return match.slice(0, at) + stars(groupText, unit) + match.slice(at + groupText.length);
    });
  }

  /** Secret-named fields and the user's paths, in text that is JSON from its first `{` or `[` on. */
  private jsonFields(text: string, unit: Unit): string {
    if (!this.paths.length && !this.defaults) return text;
    const from = text.search(/[[{]/);
    if (from === -1) return text;
    const spans = jsonLeafSpans(text, from);
    if (!spans) return text;
    let out = '';
    let last = 0;
    for (const span of spans) {
      if (span.kind === 'literal') continue;
      const raw = text.slice(span.start, span.end);
      if (!raw || allStars(raw) || (span.kind === 'number' && /^9+$/.test(raw))) continue;
      const byPath = this.paths.some((path) => pathMatches(path, span.path));
      const byName = this.defaults && span.path.some((segment) => typeof segment === 'string' && looksSecret(segment));
      if (!byPath && !byName) continue;
      this.tally.add(byPath ? 'user-path' : 'json-field');
      out += text.slice(last, span.start) + (span.kind === 'string' ? stars(raw, unit) : '9'.repeat(raw.length));
      last = span.end;
    }
    return out + text.slice(last);
  }
}

/** The records with their secrets masked, and what was masked. */
export function redactRecords(
  records: readonly SessionRecord[],
  options: RedactOptions = {},
): { records: SessionRecord[]; report: RedactionReport } {
  const redactor = new Redactor(options);
  return { records: records.map((record) => redactor.record(record)), report: redactor.report };
}

/** What a file says about its redaction: the counts, not the per-frame detail. */
export function redactionSummary(report: RedactionReport): RedactionSummary {
  return {
    masked: report.masked,
    rules: report.rules as Record<string, number>,
    userRegexes: report.userRegexes,
    userPaths: report.userPaths,
    note: 'Secrets were replaced by "*" (numbers by "9") of the same byte length: sizes and structure are kept.',
  };
}

/**
 * Records and meta ready for any exporter (logChunks): secrets masked in the
 * records and in the page and navigation URLs, the summary in the meta.
 */
export function redactForExport(
  records: readonly SessionRecord[],
  meta: LogMeta,
  options: RedactOptions = {},
): { records: SessionRecord[]; meta: LogMeta; report: RedactionReport } {
  const redactor = new Redactor(options);
  const masked = records.map((record) => redactor.record(record));
  const out: LogMeta = {
    ...meta,
    ...(meta.pageUrl !== undefined && { pageUrl: redactor.url(meta.pageUrl) }),
    ...(meta.navigations && { navigations: meta.navigations.map((n) => ({ ...n, url: redactor.url(n.url) })) }),
  };
  const report = redactor.report;
  return {
    records: masked,
    meta: { ...out, redaction: redactionSummary(report), redactedFrames: report.frames },
    report,
  };
}
