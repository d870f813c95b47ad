import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../protocol/schema';
import { testHandshake } from '../../protocol/handshake-testing';
import { logChunks, type LogFormat } from '../logs/formats';
import { importLog } from '../logs/import';
import { base64ToBytes } from '../base64';
import { utf8Length } from '../utf8';
import { Redactor, redactForExport } from './redact';
import { jsonLeafSpans } from './json-spans';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwbGFudGVkIn0.PLANTjwtSignatureXyZ';
const JWT2 = 'eyJhbGciOiJub25lIn0.eyJ1c2VyIjoiYmluYXJ5In0.PLANTbinJwtSig';

/** Every value planted in the session below: none may survive a redacted export. */
const PLANTED = [
  'PLANTcookie123',
  'PLANTsetcookie456',
  'PLANTauthToken789',
  'PLANTurltoken1',
  'PLANTurlkey2',
  'PLANTpagesession',
  JWT,
  'PLANTjwtSignatureXyZ',
  JWT2,
  'PLANTbinJwtSig',
  'PLANTpassword!',
  'PLANTjsontoken',
  'PLANTapikey',
  'PLANTclientsecret',
  '424242',
  'planted.person@example.com',
  'PLANTbinpass',
  'planted.bin@example.org',
  'PLANTsiotoken',
  'ACCT-998877',
  '123-45-6789',
  'PLANTstack',
  'PLANTformpass',
  'closer@example.net',
];

const T = 1_789_000_000_000;
const conn = { conn: '1.1', sid: 1, frameId: 0 };
const text = (seq: number, dir: 'sent' | 'received', data: string): SessionRecord => ({
  ...conn,
  seq,
  kind: 'frame',
  t: T + seq,
  dir,
  type: 'text',
  data,
  size: utf8Length(data),
  truncated: false,
});
const binaryText = `\u0000\u0001login {"password":"PLANTbinpass"} mail planted.bin@example.org jwt ${JWT2}\u00ff`;
const binary = Uint8Array.from(Buffer.from(binaryText, 'latin1'));

function plantedSession(): SessionRecord[] {
  const url = 'wss://h.test/live?room=7&access_token=PLANTurltoken1&apiKey=PLANTurlkey2';
  return [
    {
      ...conn,
      seq: 0,
      kind: 'create',
      t: T,
      url,
      protocols: [],
      stack: `    at connect (https://app.test/app.js?token=PLANTstack:1:1)`,
      frameUrl: 'https://app.test/?session=PLANTpagesession',
      source: 'hook',
    },
    {
      ...conn,
      seq: 1,
      ...testHandshake({
        t: T,
        url,
        requestHeaders: [
          { name: 'Cookie', value: 'sess=PLANTcookie123' },
          { name: 'Authorization', value: 'Bearer PLANTauthToken789' },
          { name: 'Origin', value: 'https://app.test' },
        ],
        responseHeaders: [{ name: 'Set-Cookie', value: 'id=PLANTsetcookie456; Path=/; HttpOnly' }],
      }),
      kind: 'handshake',
      source: 'webrequest',
    },
    { ...conn, seq: 2, kind: 'open', t: T + 2, protocol: '', extensions: '' },
    text(
      3,
      'sent',
      JSON.stringify({
        op: 'login',
        user: 'ann',
        password: 'PLANTpassword!',
        token: 'PLANTjsontoken',
        apiKey: 'PLANTapikey',
        nested: { client_secret: 'PLANTclientsecret', pin: 424242 },
        profile: { ssn: '123-45-6789', note: 'write to planted.person@example.com' },
        account: 'ACCT-998877',
      }),
    ),
    text(4, 'received', `{"op":"welcome","data":"${JWT}","n":1}`),
    text(5, 'sent', '42["auth",{"token":"PLANTsiotoken","room":"7"}]'),
    text(6, 'sent', 'user=ann&password=PLANTformpass&lang=en'),
    {
      ...conn,
      seq: 7,
      kind: 'frame',
      t: T + 7,
      dir: 'received',
      type: 'binary',
      data: binary,
      size: binary.length,
      truncated: false,
    },
    {
      ...conn,
      seq: 8,
      kind: 'close',
      t: T + 9,
      code: 4001,
      reason: 'bye closer@example.net',
      wasClean: true,
      by: 'server',
    },
  ];
}

const options = { regexes: ['ACCT-\\d+'], paths: ['$.profile.ssn'] };
const meta = { pageUrl: 'https://app.test/?session=PLANTpagesession', exportedAt: T + 100 };

function exported(format: LogFormat): string {
  const redacted = redactForExport(plantedSession(), meta, options);
  return [...logChunks(format, redacted.records, redacted.meta)].join('');
}

/** The file imported back, or the import's error thrown: every format must import. */
function importedBack(file: string, format: LogFormat) {
  const result = importLog(file, `x.${format}`);
  if (!result.ok) throw new Error(result.error);
  return result;
}

/** Binary payloads inside a file, decoded, so a secret hidden in base64 would show too. */
function decodedBinaries(file: string, format: LogFormat): string {
  const fromImport = importedBack(file, format)
    .records.filter((r) => r.kind === 'frame' && r.type === 'binary')
    .map((r) => Buffer.from(r.data as Uint8Array).toString('latin1'));
  const fromJson = [...file.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)].map((m) => m[1]!);
  return [...fromImport, ...fromJson.map((b64) => Buffer.from(base64ToBytes(b64)).toString('latin1'))].join('\n');
}

describe('redacted exports', () => {
  it.each(['har', 'json', 'ndjson', 'text'] as const)(
    '%s: no planted secret appears anywhere in the file',
    (format) => {
      const file = exported(format);
      const unredacted = [...logChunks(format, plantedSession(), meta)].join('');
      const binaries = decodedBinaries(file, format);
      for (const secret of PLANTED) {
        expect(file, secret).not.toContain(secret);
        expect(binaries, secret).not.toContain(secret);
      }
      // The check would see them: the same export without redaction holds them (those in its frames, at least).
      expect(unredacted).toContain('PLANTpassword!');
    },
  );

  it.each(['har', 'json', 'ndjson', 'text'] as const)(
    '%s: imports back with every frame size and payload length kept',
    (format) => {
      const result = importedBack(exported(format), format);
      const original = plantedSession().filter((r) => r.kind === 'frame');
      const frames = result.records.filter((r) => r.kind === 'frame');
      expect(frames.map((f) => [f.size, f.type])).toEqual(original.map((f) => [f.size, f.type]));
      for (const [i, f] of frames.entries()) {
        const before = original[i]!;
        if (f.type === 'text' && before.type === 'text') expect(utf8Length(f.data)).toBe(utf8Length(before.data));
        if (f.type === 'binary' && before.type === 'binary') expect(f.data.length).toBe(before.data.length);
      }
      // And exactly the masked payloads that were exported.
      const masked = redactForExport(plantedSession(), meta, options).records.filter((r) => r.kind === 'frame');
      expect(frames.map((f) => f.data)).toEqual(masked.map((f) => f.data));
      // JSON stays JSON, with the same keys.
      const login = frames[0]!;
      expect(login.type === 'text' && Object.keys(JSON.parse(login.data) as object)).toEqual([
        'op',
        'user',
        'password',
        'token',
        'apiKey',
        'nested',
        'profile',
        'account',
      ]);
    },
  );

  it.each(['har', 'json'] as const)('%s: says what was masked', (format) => {
    const parsed = JSON.parse(exported(format)) as {
      redaction?: unknown;
      log?: { _webSocketLens: { redaction?: unknown } };
    };
    const redaction = format === 'json' ? parsed.redaction : parsed.log!._webSocketLens.redaction;
    expect(redaction).toMatchObject({
      masked: expect.any(Number),
      rules: {
        header: 3,
        jwt: 2,
        email: 3,
        'json-field': expect.any(Number),
        'url-param': expect.any(Number),
        'key-value': expect.any(Number),
        'user-path': 1,
        'user-regex': 1,
      },
      userRegexes: ['ACCT-\\d+'],
      userPaths: ['$.profile.ssn'],
    });
  });

  it('ndjson: names the rules that masked each frame, and its import counts them', () => {
    const file = exported('ndjson');
    expect(file).toContain('"redacted":["jwt"]');
    expect(importedBack(file, 'ndjson').warnings).toContainEqual(
      expect.stringMatching(/^Redacted export: 5 frames have masked values \(.*jwt 2.*\)/),
    );
  });

  it('text: says what was masked in its header, and its import says so too', () => {
    const file = exported('text');
    expect(file).toMatch(/^# redacted: \{"masked":\d+/);
    expect(importedBack(file, 'text').warnings).toContainEqual(
      expect.stringMatching(/^Redacted export: \d+ values were masked/),
    );
  });
});

describe('Redactor', () => {
  it('keeps the byte length of what it masks, in text and in binary', () => {
    const redactor = new Redactor();
    const masked = redactor.text('{"password":"pässwörd 👋"}', 'utf8');
    expect(utf8Length(masked)).toBe(utf8Length('{"password":"pässwörd 👋"}'));
    expect(JSON.parse(masked)).toEqual({ password: '*'.repeat(utf8Length('pässwörd 👋')) });
    const bytes = Uint8Array.from(Buffer.from('{"token":"é-secret"}', 'utf8'));
    expect(redactor.bytes(bytes)).toHaveLength(bytes.length);
  });

  it('masks numbers with 9s so JSON stays valid, and leaves ordinary fields alone', () => {
    const redactor = new Redactor();
    expect(
      JSON.parse(redactor.text('{"pin": -1234.5, "count": 3, "keyboard": "x", "passenger": "bob"}', 'utf8')),
    ).toEqual({
      pin: 9999999,
      count: 3,
      keyboard: 'x',
      passenger: 'bob',
    });
  });

  it('takes only the user rules when the defaults are off', () => {
    const redactor = new Redactor({ defaults: false, regexes: ['id=(\\d+)'] });
    expect(redactor.text('{"password":"x"} id=42 a@b.co', 'utf8')).toBe('{"password":"x"} id=** a@b.co');
    expect(redactor.report.rules).toEqual({ 'user-regex': 1 });
  });

  it('refuses a bad regex or path', () => {
    expect(() => new Redactor({ regexes: ['('] })).toThrow(/bad regular expression/);
    expect(() => new Redactor({ paths: ['password'] })).toThrow(/must start with/);
  });
});

describe('jsonLeafSpans', () => {
  it('finds every leaf with its path and offsets, or says the text is not JSON', () => {
    const json = '{"a": [1, "x\\"y"], "b": {"c": null}}';
    expect(jsonLeafSpans(json)!.map((s) => [s.path, json.slice(s.start, s.end), s.kind])).toEqual([
      [['a', 0], '1', 'number'],
      [['a', 1], 'x\\"y', 'string'],
      [['b', 'c'], 'null', 'literal'],
    ]);
    expect(jsonLeafSpans('{"a": }')).toBeUndefined();
    expect(jsonLeafSpans('42["ev",{"k":1}]', 2)).toHaveLength(2);
  });
});
