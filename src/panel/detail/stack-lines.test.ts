import { describe, expect, it } from 'vitest';
import { parseStack } from './stack-lines';

describe('parseStack', () => {
  it('reads V8 frames with and without a function name', () => {
    const stack = ['Error', '    at connect (http://127.0.0.1:8080/app.js:12:5)', '    at http://127.0.0.1:8080/:3:1'];
    expect(parseStack(stack.slice(1).join('\n'))).toEqual([
      {
        name: 'connect',
        location: { url: 'http://127.0.0.1:8080/app.js', line: 12, column: 5 },
        text: stack[1]!.trim(),
      },
      { name: '', location: { url: 'http://127.0.0.1:8080/', line: 3, column: 1 }, text: stack[2]!.trim() },
    ]);
  });

  it('reads SpiderMonkey frames and drops "async" from V8 names', () => {
    expect(parseStack('open@https://x.test/a.js:1:20\n    at async run (https://x.test/b.js:4:2)')).toEqual([
      {
        name: 'open',
        location: { url: 'https://x.test/a.js', line: 1, column: 20 },
        text: 'open@https://x.test/a.js:1:20',
      },
      {
        name: 'run',
        location: { url: 'https://x.test/b.js', line: 4, column: 2 },
        text: 'at async run (https://x.test/b.js:4:2)',
      },
    ]);
  });

  it('keeps a line without a location as text', () => {
    expect(parseStack('    at Array.forEach (<anonymous>)')).toEqual([
      { name: 'Array.forEach (<anonymous>)', text: 'at Array.forEach (<anonymous>)' },
    ]);
  });
});
