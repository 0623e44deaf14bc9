import { applyDecorators, Controller, createParamDecorator, SetMetadata, UseFilters, UseGuards, UseInterceptors, type ExecutionContext } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { WEB_FACE_METADATA } from '@iys/platform/nest';
import type { Face } from './faces.js';
import { WebView } from './view.js';
import { webRequestInfoOf } from './web-request.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { WebCsrfGuard } from './web.guard.js';
import { WebInterceptor } from './web.interceptor.js';

/**
 * A controller of web pages of one face. It stays out of the OpenAPI document (and so out of the
 * e2e suite's conformance check), takes its session from the cookie, checks CSRF on every
 * non-GET, answers with pages, and shows errors as pages. Who may call each route is declared
 * with the API's own decorators (@Public, @RecipientScoped, @AllowRoles, @ProviderScoped): the same
 * global guard decides.
 */
export function WebController(face: Face, path: string | string[] = ''): ClassDecorator {
  return applyDecorators(
    Controller(path),
    ApiExcludeController(),
    SetMetadata(WEB_FACE_METADATA, face.name),
    UseGuards(WebCsrfGuard),
    UseInterceptors(WebInterceptor),
    UseFilters(WebExceptionFilter),
  );
}

/** The handler's WebView of its face: `home(@Web(CITIZEN_FACE) view: WebView<CitizenKey>)`. */
export const Web = createParamDecorator((face: Face, context: ExecutionContext): WebView<string> => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return new WebView(face, webRequestInfoOf(request));
});
