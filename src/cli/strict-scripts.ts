/**
 * Makes the content scripts strict-mode code. crxjs builds them as IIFEs,
 * and that output carries no "use strict": in sloppy code `fn.caller` and
 * `fn.arguments` inside a page callback (a URL's toString called by the hook)
 * hand the page our internal functions. A directive at the top of a classic
 * script makes that whole script strict, and nothing else on the page.
 */
import type { Plugin } from 'vite';

const DIRECTIVE = '"use strict";';

export function strictContentScripts(fileNames: string[]): Plugin {
  return {
    name: 'wsl-strict-content-scripts',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const fileName of fileNames) {
          const output = bundle[fileName];
          if (!output) throw new Error(`strictContentScripts: ${fileName} was not built`);
          if (output.type === 'asset') output.source = DIRECTIVE + String(output.source);
          else output.code = DIRECTIVE + output.code;
        }
      },
    },
  };
}
