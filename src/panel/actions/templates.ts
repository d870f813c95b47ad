/**
 * Composer templates, saved per origin of the socket's URL (`wss://host:port`:
 * the server whose protocol they speak) in extension storage
 * (template-store.ts), exported as a JSON file and imported from one. What is
 * read back from storage is validated; anything invalid is left out rather
 * than breaking the composer. An imported file is validated whole: one bad
 * template rejects it with the reason, and nothing is saved.
 */
import * as v from 'valibot';
import { PayloadSchema } from '../../protocol/actions';
import { parseWith, type ParseResult } from '../../protocol/schema';

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

const FILE_FORMAT = 'websocket-lens-templates';
/** More than anyone keeps for one server; a bigger file is not one of ours. */
export const MAX_IMPORTED_TEMPLATES = 1000;
/** Read no further than this: the file is read whole into the panel. */
export const MAX_TEMPLATES_FILE_BYTES = 16 * 1024 * 1024;

/** A file that says what it is, for the user to keep or share. */
export function templatesFile(origin: string, templates: readonly Template[]): string {
  return `${JSON.stringify({ format: FILE_FORMAT, version: 1, origin, templates }, null, 2)}\n`;
}

const NOT_OURS = 'This is not a WebSocket Lens templates file';
const TemplatesFileSchema = v.object(
  {
    format: v.literal(FILE_FORMAT),
    version: v.literal(1, 'This templates file is from a newer WebSocket Lens (version 1 is read)'),
    origin: v.string(),
    templates: v.pipe(v.array(TemplateSchema), v.maxLength(MAX_IMPORTED_TEMPLATES)),
  },
  NOT_OURS,
);
export type TemplatesFile = v.InferOutput<typeof TemplatesFileSchema>;

/** Reads a file templatesFile wrote (the origin it names is only shown: templates go to the socket's origin). */
export function parseTemplatesFile(text: string): ParseResult<TemplatesFile> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not JSON: ${(error as Error).message}` };
  }
  // Anything else (a log, a HAR) is answered in one sentence rather than by its first wrong field.
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== FILE_FORMAT)
    return { ok: false, error: NOT_OURS };
  return parseWith(TemplatesFileSchema, json);
}

/** `list` with every imported template saved as by withTemplate; how many were new and how many replaced. */
export function withImported(
  list: readonly Template[],
  imported: readonly Template[],
): { templates: Template[]; added: number; replaced: number } {
  let templates = [...list];
  let added = 0;
  for (const template of imported) {
    const before = templates.length;
    templates = withTemplate(templates, template);
    if (templates.length > before) added++;
  }
  return { templates, added, replaced: imported.length - added };
}
