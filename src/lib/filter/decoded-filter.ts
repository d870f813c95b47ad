/**
 * Filter terms on what decoders read (issue 19): `name:chat`, `kind:ack`,
 * `protocol:mqtt`, `id:42`, and `topic:`, `event:`, `method:`,
 * `destination:`, `channel:` for names. Values match whole and without case;
 * `*` stands for any run of characters (`topic:prices/*`). A leading `-`
 * negates a term. A frame passes when, for every term, one of its messages
 * matches (or, negated, none does); a frame nothing decoded matches no term.
 */
import type { DecodedMessage } from '../decoders/types';

type Field = 'name' | 'kind' | 'protocol' | 'id';

export interface FieldTerm {
  field: Field;
  pattern: RegExp;
  negated: boolean;
}

const FIELDS: Record<string, Field> = {
  name: 'name',
  kind: 'kind',
  protocol: 'protocol',
  id: 'id',
  topic: 'name',
  event: 'name',
  method: 'name',
  destination: 'name',
  channel: 'name',
  target: 'name',
};

const TERM = /^(-?)([a-z]+):(\S+)$/i;

const globPattern = (value: string) =>
  new RegExp(`^${value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');

/** Takes the field terms out of a filter text; the rest stays free text. A regex (`/…/`) has none. */
export function splitFieldTerms(text: string): { terms: FieldTerm[]; rest: string } {
  if (text.trim().startsWith('/')) return { terms: [], rest: text };
  const terms: FieldTerm[] = [];
  const rest: string[] = [];
  for (const word of text.split(/\s+/)) {
    const term = TERM.exec(word);
    const field = term && FIELDS[term[2]!.toLowerCase()];
    if (term && field) terms.push({ field, pattern: globPattern(term[3]!), negated: term[1] === '-' });
    else if (word) rest.push(word);
  }
  return { terms, rest: rest.join(' ') };
}

export function termsPass(terms: readonly FieldTerm[], messages: readonly DecodedMessage[] | undefined): boolean {
  for (const { field, pattern, negated } of terms) {
    const hit = messages?.some((m) => m[field] !== undefined && pattern.test(m[field])) ?? false;
    if (hit === negated) return false;
  }
  return true;
}
