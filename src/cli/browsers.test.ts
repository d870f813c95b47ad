import { describe, expect, it } from 'vitest';
import { firefoxTooOld, manifestFor } from './browsers';

describe('manifestFor', () => {
  it('asks Chrome for structured-clone messaging, which binary payloads need, and a Chrome that has it', () => {
    const chrome = manifestFor('chrome') as unknown as Record<string, unknown>;
    expect(chrome.message_serialization).toBe('structured_clone');
    expect(Number(chrome.minimum_chrome_version)).toBeGreaterThanOrEqual(148);
  });

  it("leaves Chrome's own keys out of Firefox's manifest and runs the background as an event page", () => {
    const firefox = manifestFor('firefox') as unknown as Record<string, unknown>;
    expect(firefox).not.toHaveProperty('message_serialization');
    expect(firefox).not.toHaveProperty('minimum_chrome_version');
    expect(firefox.background).toEqual({ scripts: ['src/background/index.ts'], type: 'module' });
    expect(firefox.browser_specific_settings).toMatchObject({ gecko: { id: 'websocket-lens@websocket-lens' } });
  });

  it('refuses Firefox before 148, where a script-made about:blank iframe gets our scripts only after its first document is replaced', () => {
    const gecko = (
      manifestFor('firefox') as unknown as { browser_specific_settings: { gecko: Record<string, string> } }
    ).browser_specific_settings.gecko;
    expect(Number.parseFloat(gecko.strict_min_version!)).toBeGreaterThanOrEqual(148);
  });

  it('asks Chrome for the debugger (deep capture; it cannot be optional there) and Firefox, which has none, for nothing of it', () => {
    expect((manifestFor('chrome') as unknown as { permissions: string[] }).permissions).toContain('debugger');
    const firefox = manifestFor('firefox') as unknown as { permissions: string[] };
    expect(firefox.permissions).toEqual(['storage', 'webRequest']);
  });
});

describe('firefoxTooOld', () => {
  it('says why a Firefox older than the minimum cannot run the add-on, and passes the minimum and newer', () => {
    expect(firefoxTooOld('140.12.0esr', '148.0')).toMatch(/^Firefox 140\.12\.0esr is older than 148\.0.*about:blank/);
    expect(firefoxTooOld('147.0.2', '148.0')).toBeDefined();
    expect(firefoxTooOld('148.0', '148.0')).toBeUndefined();
    expect(firefoxTooOld('148.0.1', '148.0')).toBeUndefined();
    expect(firefoxTooOld('153.8.0esr', '148.0')).toBeUndefined();
    expect(firefoxTooOld('1000.0')).toBeUndefined();
  });
});
