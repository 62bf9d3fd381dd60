/** The asset hierarchy as a keyboard-navigable list of links (Tab / Enter), collapsible per node. */
import { useState } from 'react';
import type { Schema } from '../api/client.js';

type Asset = Schema<'AssetNode'>;

import { useI18n } from '../i18n/i18n.js';

function Node({
  a,
  selected,
  onSelect,
  depth,
}: {
  a: Asset;
  selected: string | undefined;
  onSelect: (id: string) => void;
  depth: number;
}) {
  const { kind } = useI18n();
  const within = selected !== undefined && (selected === a.id || selected.startsWith(`${a.id}/`));
  const [open, setOpen] = useState(depth < 2 || within);
  const hasChildren = a.children.length > 0;
  return (
    <li>
      <div className="tree-row">
        {hasChildren ? (
          <button
            type="button"
            className="twisty"
            aria-expanded={open}
            aria-label={`${open ? '−' : '+'} ${a.name}`}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="twisty" aria-hidden="true" />
        )}
        <button
          type="button"
          className={`tree-item${selected === a.id ? ' selected' : ''}`}
          aria-current={selected === a.id ? 'true' : undefined}
          onClick={() => onSelect(a.id)}
          data-asset={a.id}
        >
          {a.name} <span className="muted small">{kind(a.kind)}</span>
        </button>
      </div>
      {hasChildren && open && (
        <ul>
          {a.children.map((c) => (
            <Node key={c.id} a={c} selected={selected} onSelect={onSelect} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function AssetTree({
  roots,
  selected,
  onSelect,
  label,
}: {
  roots: readonly Asset[];
  selected: string | undefined;
  onSelect: (id: string) => void;
  label: string;
}) {
  return (
    <ul className="tree" aria-label={label}>
      {roots.map((a) => (
        <Node key={a.id} a={a} selected={selected} onSelect={onSelect} depth={0} />
      ))}
    </ul>
  );
}
