/**
 * The one module every runtime context shares: message and record shapes,
 * their runtime validators, limits and the protocol version. It imports nothing
 * from the contexts. The page hook imports types only, so valibot stays out of
 * the page.
 */
export * from './version';
export * from './limits';
export * from './schema';
