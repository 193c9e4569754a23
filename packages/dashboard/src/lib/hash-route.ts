/**
 * @module The page is named in the URL fragment (`#/customers/<id>`): the sandbox then serves
 * one file at `/` and needs no fallback for other paths, so no API path can ever be shadowed.
 */
import { useEffect, useState } from 'preact/hooks';

export type Route = { page: 'customers' } | { page: 'customer'; customerId: string } | { page: 'sandbox' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'sandbox') return { page: 'sandbox' };
  if (parts[0] === 'customers' && parts[1]) return { page: 'customer', customerId: parts[1] };
  return { page: 'customers' };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'customers':
      return '#/customers';
    case 'customer':
      return `#/customers/${encodeURIComponent(route.customerId)}`;
    case 'sandbox':
      return '#/sandbox';
  }
}

export function navigate(route: Route): void {
  location.hash = hrefOf(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
