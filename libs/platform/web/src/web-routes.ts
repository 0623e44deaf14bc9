import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ACCESS_POLICY, WEB_FACE_METADATA, type AccessPolicy } from '@iys/platform/nest';
import type { FaceName } from './faces.js';

export interface WebRoute {
  method: string;
  /** With `{param}` placeholders, like the OpenAPI document's paths. */
  path: string;
  /** Fastify's spelling (`/x/:id`). */
  route: string;
  face: FaceName;
  policy: AccessPolicy | undefined;
}

const joinPath = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;

/**
 * Every web route of a running application, found from the controllers' metadata (they are kept
 * out of the OpenAPI document): the authorisation matrix test walks these as it walks the API's.
 */
export function webRoutesOf(app: INestApplication): WebRoute[] {
  const container = (app as unknown as { container: { getModules(): Map<string, { controllers: Map<unknown, { metatype: unknown }> }> } }).container;
  const routes: WebRoute[] = [];
  for (const module of container.getModules().values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!type) continue;
      const face = Reflect.getMetadata(WEB_FACE_METADATA, type) as FaceName | undefined;
      if (!face) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, type) as string | string[] | undefined].flat()[0] ?? '';
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const own = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined].flat()[0] ?? '';
        const policy = (Reflect.getMetadata(ACCESS_POLICY, handler) ?? Reflect.getMetadata(ACCESS_POLICY, type)) as AccessPolicy | undefined;
        const route = joinPath(base, own);
        routes.push({ method: RequestMethod[method], path: route.replace(/:([A-Za-z0-9_]+)/g, '{$1}'), route, face, policy });
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
