import type { Face, FaceName } from './faces.js';
import { ADMIN_FACE } from './faces/admin.face.js';
import { AUTHORITY_FACE } from './faces/authority.face.js';
import { CITIZEN_FACE } from './faces/citizen.face.js';
import { PANEL_FACE } from './faces/panel.face.js';

export const FACES: Readonly<Record<FaceName, Face>> = {
  citizen: CITIZEN_FACE as Face,
  panel: PANEL_FACE as Face,
  authority: AUTHORITY_FACE as Face,
  admin: ADMIN_FACE as Face,
};

/**
 * The face a path belongs to (a filter does not know its handler, so errors are placed by path):
 * /panel…, /authority…, /admin… or else the citizen portal.
 */
export function faceOfPath(url: string): FaceName {
  const path = url.split('?')[0];
  for (const name of ['panel', 'authority', 'admin'] as const) {
    const base = FACES[name].basePath;
    if (path === base || path.startsWith(`${base}/`)) return name;
  }
  return 'citizen';
}
