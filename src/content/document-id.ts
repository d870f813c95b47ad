/**
 * A random id for this document, in UUID form. crypto.randomUUID exists only in
 * secure contexts, and we run on plain-http pages too.
 */
export function randomDocumentId(): string {
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
