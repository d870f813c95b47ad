import { describe, expect, it } from 'vitest';
import { errorText } from './error-text';

describe('errorText', () => {
  it('words codes for the socket acted on', () => {
    expect(errorText({ code: 'closed', message: 'x' }, '3.2')).toBe('socket 3.2 is closed');
    expect(errorText({ code: 'unknown-socket', message: 'x' }, '3.2')).toBe('no such socket in this tab');
    expect(errorText({ code: 'not-open', message: 'x' }, '3.2')).toBe('socket 3.2 is not open yet');
    expect(errorText({ code: 'page-gone', message: 'x' }, '3.2')).toBe('socket 3.2 is closed: its page is gone');
    expect(errorText({ code: 'failed', message: 'boom' }, '3.2')).toBe('the browser refused it: boom');
  });
});
