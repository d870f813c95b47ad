import { useMemo, useState } from 'preact/hooks';
import {
  childAt,
  childKeys,
  containerSummary,
  copyValueText,
  isContainer,
  isExpandedByDefault,
  previewText,
  scalarKind,
  scalarText,
} from './json-model';
import { displayKey, jsonPath, nodeLabel, type PathSegment } from './json-path';
import { firstPage, nextPageSize } from './paging';
import type { Json, JsonContainer } from './payload';

type Copy = (text: string) => void;

interface NodeProps {
  value: Json;
  path: PathSegment[];
  depth: number;
  onCopy: Copy;
}

/**
 * A JSON value as a collapsible tree. Only expanded containers render their
 * children, a page at a time, so the tree of a 5 MB payload costs what is
 * on screen.
 */
export function JsonTree({ value, onCopy }: { value: JsonContainer; onCopy: Copy }) {
  return (
    <div class="json-tree" role="group" aria-label="JSON tree">
      <JsonNode value={value} path={[]} depth={0} onCopy={onCopy} />
    </div>
  );
}

function JsonNode({ value, path, depth, onCopy }: NodeProps) {
  const [expanded, setExpanded] = useState(() => isExpandedByDefault(depth));
  if (!isContainer(value)) {
    return (
      <div class="json-row">
        <span class="json-arrow" aria-hidden="true" />
        <NodeKey path={path} />
        <Scalar value={value} path={path} />
        <NodeActions value={value} path={path} onCopy={onCopy} />
      </div>
    );
  }
  return (
    <div class="json-node">
      <div class="json-row">
        <button
          type="button"
          class="json-toggle"
          aria-expanded={expanded}
          aria-label={`${expanded ? 'Collapse' : 'Expand'} ${nodeLabel(path)}`}
          onClick={() => setExpanded(!expanded)}
        >
          <span class="json-arrow" aria-hidden="true">
            {expanded ? '▾' : '▸'}
          </span>
          <NodeKey path={path} />
          <span class="json-summary">{containerSummary(value)}</span>
        </button>
        <NodeActions value={value} path={path} onCopy={onCopy} />
      </div>
      {expanded && <JsonChildren value={value} path={path} depth={depth + 1} onCopy={onCopy} />}
    </div>
  );
}

function JsonChildren({ value, path, depth, onCopy }: NodeProps & { value: JsonContainer }) {
  const keys = useMemo(() => childKeys(value), [value]);
  const [shown, setShown] = useState(() => firstPage(keys.length));
  const more = nextPageSize(shown, keys.length);
  return (
    <div class="json-children">
      {keys.slice(0, shown).map((key) => (
        <JsonNode key={key} value={childAt(value, key)} path={[...path, key]} depth={depth} onCopy={onCopy} />
      ))}
      {more > 0 && (
        <div class="json-row json-more">
          <button type="button" onClick={() => setShown(shown + more)}>
            Show {more} more
          </button>
          <span class="detail-muted">
            {shown.toLocaleString('en-US')} of {keys.length.toLocaleString('en-US')} shown
          </span>
        </div>
      )}
    </div>
  );
}

function NodeKey({ path }: { path: PathSegment[] }) {
  const key = path.at(-1);
  if (key === undefined) return null;
  return (
    <>
      {typeof key === 'number' ? (
        <span class="json-index">{key}</span>
      ) : (
        <span class="json-key">{displayKey(key)}</span>
      )}
      <span class="json-colon">: </span>
    </>
  );
}

function Scalar({ value, path }: { value: Exclude<Json, JsonContainer>; path: PathSegment[] }) {
  const [whole, setWhole] = useState(false);
  const text = scalarText(value);
  const shown = whole ? { text, cut: false } : previewText(text);
  return (
    <>
      <span class={`json-value json-${scalarKind(value)}`}>{shown.text}</span>
      {shown.cut && (
        <button
          type="button"
          class="json-inline"
          aria-label={`Show full string ${nodeLabel(path)}`}
          onClick={() => setWhole(true)}
        >
          show all {text.length.toLocaleString('en-US')} characters
        </button>
      )}
    </>
  );
}

/** Copy buttons, shown on hover or focus of the row (CSS); always in the tab order. */
function NodeActions({ value, path, onCopy }: { value: Json; path: PathSegment[]; onCopy: Copy }) {
  const where = jsonPath(path);
  return (
    <span class="json-actions">
      <button
        type="button"
        aria-label={`Copy path ${where}`}
        title={`Copy path ${where}`}
        onClick={() => onCopy(where)}
      >
        path
      </button>
      <button
        type="button"
        aria-label={`Copy value ${where}`}
        title="Copy value as JSON"
        onClick={() => onCopy(copyValueText(value))}
      >
        value
      </button>
    </span>
  );
}
