import { Body, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AllowRoles } from '@iys/platform/nest';
import { AUTHORITY_FACE, html, orRefusal, Web, WebController, type AuthorityView, type HtmlValue, type WebPage } from '@iys/platform/web';
import { AuditNumberHistoryQuery } from '../../application/queries/audit-number-history/audit-number-history.query.js';
import type { NumberHistory, NumberHistoryConsent, NumberHistoryEvent } from '../../application/consent-audit.types.js';

type Form = Record<string, unknown>;
const field = (form: Form | undefined, name: string) => (typeof form?.[name] === 'string' ? (form[name] as string).trim() : '');

/**
 * `2026-12-01 10:00:00` as typed, or what a datetime-local field sends (`2026-12-01T10:00`,
 * `…T10:00:05`): the İYS form the query takes. Anything else is passed on for the query to refuse (H157).
 */
export function asIysMoment(text: string): string | undefined {
  if (text === '') return undefined;
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/.exec(text);
  return local ? `${local[1]} ${local[2]}${local[3] ?? ':00'}` : text;
}

/**
 * The authority console's number history (docs/adr/0056): the address is typed into a form and
 * sent in the POST body, never in a URL; the page shows every consent of the address across
 * providers and brands, each event with its hash-chain verdict and its inclusion in its day's
 * signed snapshot, as of a moment if one is given. The same query as the audit's, the same roles
 * as `POST /audit/history` (authority, admin).
 */
@WebController(AUTHORITY_FACE, 'authority/history')
@AllowRoles('authority', 'admin')
export class NumberHistoryPageController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get()
  form(@Web(AUTHORITY_FACE) view: AuthorityView): WebPage {
    return view.page(view.t('history.title'), historyForm(view, '', ''));
  }

  @Post()
  @HttpCode(200)
  async show(@Web(AUTHORITY_FACE) view: AuthorityView, @Body() form: Form | undefined): Promise<WebPage> {
    const address = field(form, 'address');
    const at = field(form, 'at');
    return orRefusal(
      async () => {
        const history: NumberHistory = await this.queries.execute(new AuditNumberHistoryQuery(address, asIysMoment(at)));
        return view.page(view.t('history.title'), html`${historyForm(view, address, at)}${historyAnswer(view, history)}`);
      },
      (refusal) => view.page(view.t('history.title'), historyForm(view, address, at, refusal), { status: 422 }),
    );
  }
}

function historyForm(view: AuthorityView, address: string, at: string, refusal?: { code: string; message: string }): HtmlValue {
  const t = view.t;
  const onAt = refusal?.code === 'H157';
  const invalid = (on: boolean) => (on ? html` aria-invalid="true" aria-describedby="history-error"` : '');
  return html`<h1>${t('history.title')}</h1>
<p class="no-print">${t('history.intro')}</p>
${refusal ? html`<div class="alert" role="alert" id="history-error">${refusal.code}: ${refusal.message}</div>` : ''}
${view.form(
  '/authority/history',
  html`<label for="address">${t('history.address')}</label>
<p class="hint" id="address-hint">${t('history.addressHint')}</p>
<input id="address" name="address" type="text" inputmode="email" autocomplete="off" required maxlength="254" value="${address}" aria-describedby="address-hint"${invalid(Boolean(refusal) && !onAt)}>
<label for="at">${t('history.at')}</label>
<p class="hint" id="at-hint">${t('history.atHint')}</p>
<input id="at" name="at" type="text" autocomplete="off" maxlength="19" placeholder="2026-12-01 10:00:00" value="${at}" aria-describedby="at-hint"${invalid(onAt)}>
<div class="actions"><button type="submit">${t('history.submit')}</button></div>`,
  { className: 'no-print', label: t('history.title') },
)}`;
}

function historyAnswer(view: AuthorityView, history: NumberHistory): HtmlValue {
  const t = view.t;
  const { summary } = history;
  return html`<section class="history" aria-labelledby="history-result">
<h2 id="history-result">${history.at ? t('history.asOf', { at: history.at }) : t('history.now')}</h2>
<p class="no-print hint">${t('history.print')}</p>
<p role="status">${t('history.summary', {
    consents: summary.consents,
    events: summary.events,
    broken: summary.brokenChains,
    included: summary.included,
    pending: summary.pendingSnapshot,
    unverifiable: summary.unverifiable,
  })}</p>
${history.consents.length === 0 ? html`<p>${t('history.none')}</p>` : history.consents.map((consent, index) => consentSection(view, consent, index))}
</section>`;
}

function consentSection(view: AuthorityView, consent: NumberHistoryConsent, index: number): HtmlValue {
  const t = view.t;
  const id = `consent-${index + 1}`;
  const chain = consent.chain.ok
    ? html`<p class="chain chain-ok">${t('history.chainOk', { count: consent.chain.eventsChecked })}</p>`
    : html`<p class="chain chain-broken" role="alert"><strong>${t('history.chainBroken', { position: consent.chain.firstBroken?.position ?? '?', reason: consent.chain.firstBroken?.reason ?? '' })}</strong></p>`;
  return html`<section class="consent card" aria-labelledby="${id}">
<h3 id="${id}">${t('history.consent', { type: consent.type, recipientType: consent.recipientType, brandCode: consent.brandCode, iysCode: consent.iysCode })}</h3>
<p>${t('history.state')}: <strong class="status status-${consent.state}">${consent.state}</strong></p>
${chain}
${consent.eventsAfter > 0 ? html`<p>${t('history.eventsAfter', { count: consent.eventsAfter })}</p>` : ''}
<div class="table-scroll"><table class="events">
<caption>${t('history.eventsCaption')}</caption>
<thead><tr><th scope="col">${t('history.col.position')}</th><th scope="col">${t('history.col.status')}</th><th scope="col">${t('history.col.consentDate')}</th><th scope="col">${t('history.col.creationDate')}</th><th scope="col">${t('history.col.source')}</th><th scope="col">${t('history.col.actor')}</th><th scope="col">${t('history.col.chain')}</th><th scope="col">${t('history.col.inclusion')}</th><th scope="col">${t('history.col.hash')}</th></tr></thead>
<tbody>${consent.events.map((event) => eventRow(view, event))}</tbody>
</table></div>
</section>`;
}

function eventRow(view: AuthorityView, event: NumberHistoryEvent): HtmlValue {
  const t = view.t;
  const access = event.retailerAccessChange;
  const status = access
    ? html`${event.status}<br><small>${t(access.kind === 'granted' ? 'retailer.granted' : 'retailer.revoked', { codes: access.retailerCodes.join(', ') })}</small>`
    : event.status;
  const chain = event.chainCheck === 'intact' ? t('chain.intact') : event.chainCheck === 'broken' ? html`<strong>${t('chain.broken')}</strong>` : t('chain.unchecked');
  const inclusion = event.inclusion;
  const proof =
    inclusion.status === 'included'
      ? t('inclusion.included', { day: inclusion.day })
      : inclusion.status === 'pending-snapshot'
        ? t('inclusion.pending', { day: inclusion.day })
        : html`<strong>${t('inclusion.unverifiable', { day: inclusion.day, reason: inclusion.reason })}</strong>`;
  return html`<tr class="event chain-${event.chainCheck}" data-position="${event.position}" data-chain="${event.chainCheck}" data-inclusion="${inclusion.status}">
<td>${event.position}</td><td>${status}</td><td>${event.consentDate}</td><td>${event.creationDate}</td><td>${event.source} (${event.origin})</td>
<td>${event.actorKind ?? '—'}${event.channel ? html`<br><small>${event.channel}</small>` : ''}</td>
<td>${chain}</td><td>${proof}</td><td><code class="hash">${event.hash.slice(0, 16)}…</code></td></tr>`;
}

/** The authority console's start page: where each of its tools is. Roles as the audit (authority, admin). */
@WebController(AUTHORITY_FACE, 'authority')
@AllowRoles('authority', 'admin')
export class AuthorityHomeController {
  @Get()
  home(@Web(AUTHORITY_FACE) view: AuthorityView): WebPage {
    const t = view.t;
    return view.page(
      t('home.title'),
      html`<h1>${t('home.title')}</h1>
<p>${t('home.intro')}</p>
<ul class="link-list">
<li><a href="/authority/history">${t('home.history')}</a></li>
<li><a href="/authority/complaints">${t('home.complaints')}</a></li>
<li><a href="/authority/statistics">${t('home.statistics')}</a></li>
</ul>`,
    );
  }
}
