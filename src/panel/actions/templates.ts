/**
 * Composer templates, saved per origin of the socket's URL (`wss://host:port`:
 * the server whose protocol they speak) in extension storage
 * (template-store.ts), and exported as a JSON file. What is read back from
 * storage is validated; anything invalid is left out rather than breaking the
 * composer.
 */
import * as v from 'valibot';
import { PayloadSchema } from '../../protocol/actions';

export const TEMPLATES_KEY = 'templates';

const TemplateSchema = v.object({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  payload: PayloadSchema,
});
export type Template = v.InferOutput<typeof TemplateSchema>;

/** The templates of one origin from what storage holds for all of them. */
export function templatesOf(stored: unknown, origin: string): Template[] {
  if (typeof stored !== 'object' || stored === null || !Object.hasOwn(stored, origin)) return [];
  const list = (stored as Record<string, unknown>)[origin];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const parsed = v.safeParse(TemplateSchema, item);
    return parsed.success ? [parsed.output] : [];
  });
}

/** `list` with `template` saved: one of the same name is replaced in place, a new one goes last. */
export function withTemplate(list: readonly Template[], template: Template): Template[] {
  const at = list.findIndex((t) => t.name === template.name);
  return at < 0 ? [...list, template] : list.map((t, i) => (i === at ? template : t));
}

export function withoutTemplate(list: readonly Template[], name: string): Template[] {
  return list.filter((t) => t.name !== name);
}

/** The origin templates are kept under: the socket URL's scheme, host and port. */
export function templateOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** A file that says what it is, for the user to keep or share. */
export function templatesFile(origin: string, templates: readonly Template[]): string {
  return `${JSON.stringify({ format: 'websocket-lens-templates', version: 1, origin, templates }, null, 2)}\n`;
}
