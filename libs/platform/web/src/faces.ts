import type { Catalogue } from './i18n/catalogue.js';

export type FaceName = 'citizen' | 'panel' | 'authority' | 'admin';

export interface NavItem<K extends string> {
  href: string;
  /** A key of the face's catalogue. */
  label: K;
}

/**
 * One web face: where it lives, where its sign-in page is (an unauthenticated visit to any of its
 * pages is sent there), its message catalogue and its menu.
 */
export interface Face<K extends string = string> {
  name: FaceName;
  basePath: string;
  signInPath: string;
  messages: Catalogue<K>;
  nav: readonly NavItem<K>[];
}

export function defineFace<K extends string>(face: Omit<Face<K>, 'nav'> & { nav: readonly NavItem<NoInfer<K>>[] }): Face<K> {
  return face;
}
