/**
 * A dedicated worker that runs one of the page's workloads (workloads.js, the
 * same code) on a socket of its own and posts back its time, or its error.
 */
'use strict';

self.importScripts('workloads.js');

self.onmessage = async ({ data: { name, args } }) => {
  try {
    self.postMessage({ ms: await self.lensBench[name](...args) });
  } catch (error) {
    self.postMessage({ error: String(error instanceof Error ? error.message : error) });
  }
};
