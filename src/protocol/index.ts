/**
 * The one module every runtime context shares: record and message shapes,
 * their runtime validators, settings, limits and the protocol version. It
 * imports nothing from the contexts. The page hook imports types only (and
 * constants from version/limits), so valibot stays out of the page.
 */
export * from './version';
export * from './limits';
export * from './schema';
export * from './handshake';
export * from './messages';
export * from './settings';
export * from './actions';
export * from './fields';
export * from './errors';
export * from './chunks';
