/**
 * Hash router: `#/<page>?<params>`. Hash routes need no server rewrite rules and survive being
 * served from any sub-path; the server's SPA fallback still covers direct history-style links.
 */
import { useEffect, useState } from 'react';

export interface Route {
  readonly path: string;
  readonly params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const [rawPath = '', query = ''] = h.split('?', 2);
  const path =
    rawPath === '' || rawPath === '/' ? '/overview' : rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  return { path, params: new URLSearchParams(query) };
}

export function href(path: string, params: Record<string, string | undefined> = {}): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.set(k, v);
  const q = u.toString();
  return `#${path}${q ? `?${q}` : ''}`;
}

/** Changes the route; `replace` keeps the history entry (for state like a selected range). */
export function navigate(
  path: string,
  params: Record<string, string | undefined> = {},
  replace = false,
): void {
  const target = href(path, params);
  if (replace) history.replaceState(null, '', target);
  else location.hash = target;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
