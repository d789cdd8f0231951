import { useEffect, useState } from 'preact/hooks';

/** A place in the console: a path and its query, all in the URL's hash so that any of them can be bookmarked. */
export interface Route {
  path: string[];
  query: URLSearchParams;
}

function current(): Route {
  const [path = '', query = ''] = location.hash.replace(/^#/, '').split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

/** The href of a place: `href('report', id)` or `href('reports', { status: 'ESCALATED' })`. */
export function href(...parts: (string | Record<string, string | undefined | null>)[]): string {
  const query = new URLSearchParams();
  const path: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') path.push(encodeURIComponent(part));
    else for (const [key, value] of Object.entries(part)) if (value) query.set(key, value);
  }
  const search = query.toString();
  return `#/${path.join('/')}${search ? `?${search}` : ''}`;
}

export function navigate(to: string): void {
  location.hash = to.replace(/^#/, '');
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const onChange = () => setRoute(current());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
