/** UTF-8 lengths live in the protocol (sizes are measured where records are read); lib builds on it. */
export { asSentText, utf8Length } from '../protocol/utf8';
