import { describe, expect, it } from 'vitest';
import { errorText } from './error-text';

describe('errorText', () => {
  it('words codes for the socket acted on', () => {
    expect(errorText({ code: 'closed', message: 'x' }, '/chat?room=1')).toBe('/chat?room=1 is closed');
    expect(errorText({ code: 'unknown-socket', message: 'x' }, '/chat?room=1')).toBe('no such socket in this tab');
    expect(errorText({ code: 'not-open', message: 'x' }, '/chat?room=1')).toBe('/chat?room=1 is not open yet');
    expect(errorText({ code: 'page-gone', message: 'x' }, '/chat?room=1')).toBe(
      '/chat?room=1 is closed: its page is gone',
    );
    expect(errorText({ code: 'failed', message: 'boom' }, '/chat?room=1')).toBe('the browser refused it: boom');
  });

  it('says "the socket" when the target is not known', () => {
    expect(errorText({ code: 'closed', message: 'x' })).toBe('the socket is closed');
  });
});
