import { Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { AllowRoles } from '@iys/platform/nest';
import { ADMIN_FACE, html, Web, WebController, type AdminView, type HtmlValue, type WebPage } from '@iys/platform/web';
import { OutboxAdmin, UnknownOutboxCursorError, type DeadLetter } from './outbox-admin.js';

const PAGE = 50;

/**
 * The administration console's dead letters (docs/adr/0056): the same OutboxAdmin the API's
 * `/admin/outbox/dead-letters` uses (no address, no content), oldest first, a page at a time by
 * cursor, and "send again". Role admin.
 */
@WebController(ADMIN_FACE, 'admin/dead-letters')
@AllowRoles('admin')
export class OutboxConsoleController {
  constructor(@Inject(OutboxAdmin) private readonly outbox: OutboxAdmin) {}

  @Get()
  list(@Web(ADMIN_FACE) view: AdminView, @Query('after') after?: string): Promise<WebPage> {
    return this.page(view, after);
  }

  @Post(':id/retry')
  @HttpCode(200)
  async retry(@Web(ADMIN_FACE) view: AdminView, @Param('id') id: string): Promise<WebPage> {
    const retried = await this.outbox.retry(id);
    return this.page(view, undefined, retried ? { kind: 'ok', text: view.t('deadLetters.retried') } : { kind: 'error', text: 'H690' });
  }

  private async page(view: AdminView, after: string | undefined, notice?: { kind: 'ok' | 'error'; text: string }): Promise<WebPage> {
    const t = view.t;
    let letters: DeadLetter[];
    try {
      letters = await this.outbox.deadLetters({ limit: PAGE, after: after || undefined });
    } catch (error) {
      if (!(error instanceof UnknownOutboxCursorError)) throw error;
      letters = await this.outbox.deadLetters({ limit: PAGE });
      notice = { kind: 'error', text: 'H691' };
    }
    const main: HtmlValue = html`<h1>${t('deadLetters.title')}</h1>
<p>${t('deadLetters.intro')}</p>
${notice ? html`<div class="${notice.kind === 'ok' ? 'notice' : 'alert'}" role="${notice.kind === 'ok' ? 'status' : 'alert'}">${notice.text}</div>` : ''}
${letters.length === 0
  ? html`<p>${t('common.none')}</p>`
  : html`<div class="table-scroll"><table><caption class="visually-hidden">${t('deadLetters.title')}</caption>
<thead><tr><th scope="col">${t('deadLetters.col.created')}</th><th scope="col">${t('deadLetters.col.channel')}</th><th scope="col">${t('deadLetters.col.template')}</th><th scope="col">${t('deadLetters.col.attempts')}</th><th scope="col">${t('deadLetters.col.error')}</th><th scope="col"><span class="visually-hidden">${t('deadLetters.retry')}</span></th></tr></thead>
<tbody>${letters.map(
      (letter) => html`<tr><td>${formatIysDateTime(letter.createdAt)}</td><td>${letter.channel}</td><td>${letter.template}</td><td>${letter.attempts}</td><td>${letter.lastError ?? '—'}</td>
<td>${view.form(`/admin/dead-letters/${letter.id}/retry`, html`<button type="submit">${t('deadLetters.retry')}<span class="visually-hidden"> ${letter.template} ${formatIysDateTime(letter.createdAt)}</span></button>`)}</td></tr>`,
    )}</tbody></table></div>`}
${letters.length === PAGE ? html`<p class="pager"><a href="/admin/dead-letters?after=${letters.at(-1)!.id}">${t('deadLetters.more')}</a></p>` : ''}`;
    return view.page(t('deadLetters.title'), main, { status: notice?.kind === 'error' ? 422 : 200 });
  }
}
