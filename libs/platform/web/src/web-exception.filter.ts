import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IysExceptionFilter, TOKEN_SIGNING_KEY } from '@iys/platform/nest';
import { faceOfPath, FACES } from './face-registry.js';
import { html } from './html.js';
import { WebView } from './view.js';
import { applyWebHeaders, webRequestInfo } from './web-request.js';

/**
 * Errors of web routes as pages: not signed in (401) → 303 to the face's sign-in page; anything else
 * → a page in the face's layout with the status, the İYS code and its text (never internals).
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly envelopes = new IysExceptionFilter();

  constructor(@Inject(TOKEN_SIGNING_KEY) private readonly key: Buffer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const name = faceOfPath(request.url);
    const face = FACES[name];
    const info = webRequestInfo(request, name, this.key);
    const { status, errors } = this.envelopes.toEnvelope(exception);
    applyWebHeaders(reply, info);
    if (status === 401) {
      void reply.status(303).header('location', face.signInPath).send('');
      return;
    }
    const view = new WebView(face, info);
    const text =
      status === 403 && errors[0]?.code !== 'H800' ? view.t('error.forbidden')
      : status === 404 ? view.t('error.notFound')
      : status === 429 ? view.t('error.tooMany')
      : status >= 500 ? view.t('error.unexpected')
      : (errors[0]?.message ?? view.t('error.unexpected'));
    const page = view.page(
      view.t('error.title'),
      html`<h1>${view.t('error.title')}</h1><div class="alert" role="alert"><p>${text}</p>${errors[0] ? html`<p class="muted">${view.t('error.code')}: ${errors[0].code}</p>` : ''}</div><p><a href="${face.basePath}">${view.t('error.back')}</a></p>`,
      { status },
    );
    if (status === 503) void reply.header('retry-after', '5');
    void reply.status(status).header('content-type', 'text/html; charset=utf-8').send(page.document.value);
  }

}
