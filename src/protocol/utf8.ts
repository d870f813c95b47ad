/**
 * UTF-8 byte length of a JS string without encoding it. Lone surrogates count
 * as U+FFFD (3 bytes), which is what a WebSocket sends for them.
 *
 * `codeAt` reads one UTF-16 unit; the page hook passes its own captured
 * charCodeAt, because a page can replace String.prototype.charCodeAt.
 */
export function utf8Length(
  text: string,
  codeAt: (text: string, index: number) => number = (s, i) => s.charCodeAt(i),
): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = codeAt(text, i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = codeAt(text, i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The text as a WebSocket puts it on the wire: send() encodes a USVString,
 * so every lone surrogate goes out as U+FFFD. The hook records what the page
 * passed (no per-frame work on the page's thread); the background makes it
 * what the server received.
 */
export function asSentText(text: string): string {
  // ES2024 (Chrome 111, Firefox 119); our lib setting is ES2023.
  return (text as string & { toWellFormed(): string }).toWellFormed();
}
