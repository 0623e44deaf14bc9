import { Get, Inject, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { IntegerParamPipe, IysHttpException, iysErrorItem, ProviderScoped } from '@iys/platform/nest';
import { barChart, html, joinHtml, PANEL_FACE, Web, WebController, type PanelView, type WebPage } from '@iys/platform/web';
import type { BrandListItem } from '../../application/queries/list-brands/list-brands.handler.js';
import { ListBrandsQuery } from '../../application/queries/list-brands/list-brands.query.js';
import { ListProviderIntegratorsQuery } from '../../application/queries/list-provider-integrators/list-provider-integrators.query.js';
import type { ProviderIntegratorGrant } from '../../application/provider-directory.port.js';

const IYS_CODE = new IntegerParamPipe('H190');
const BRAND_CODE = new IntegerParamPipe('H191');

/** The panel's overview: the provider's brands with their consent counts (B1's ListBrands), and each brand's page of tools. */
@WebController(PANEL_FACE)
export class PanelBrandsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get('panel/:iysCode')
  @ProviderScoped('iysCode')
  async overview(@Web(PANEL_FACE) view: PanelView, @Param('iysCode', IYS_CODE) iysCode: number): Promise<WebPage> {
    const t = view.t;
    const brands: BrandListItem[] = await this.queries.execute(new ListBrandsQuery(iysCode));
    const rows = joinHtml(
      brands.map(
        (b) => html`<tr><th scope="row"><a href="/panel/${iysCode}/brands/${b.brandCode}">${b.name}</a></th><td>${b.brandCode}</td><td>${view.number(b.stats.consents.approval)}</td><td>${view.number(b.stats.consents.rejection)}</td><td>${view.number(b.stats.consents.total)}</td></tr>`,
      ),
    );
    return view.page(
      t('home.title', { iysCode }),
      html`<h1>${t('home.title', { iysCode })}</h1>
<ul class="links"><li><a href="/panel/${iysCode}/complaints">${t('home.complaints')}</a></li><li><a href="/panel/${iysCode}/integrators">${t('integrators.title')}</a></li></ul>
<h2>${t('brands.title')}</h2>
<div class="table-scroll"><table><thead><tr><th scope="col">${t('brands.name')}</th><th scope="col">${t('brands.code')}</th><th scope="col">${t('brands.approved')}</th><th scope="col">${t('brands.rejected')}</th><th scope="col">${t('brands.total')}</th></tr></thead><tbody>${rows}</tbody></table></div>
${barChart({
  title: t('brands.chart'),
  categories: brands.map((b) => b.name),
  series: [
    { label: t('brands.approved'), values: brands.map((b) => b.stats.consents.approval) },
    { label: t('brands.rejected'), values: brands.map((b) => b.stats.consents.rejection) },
  ],
  format: (n) => view.number(n),
})}`,
    );
  }

  /** The integrators the provider authorised (ListProviderIntegrators); granting and revoking stay the API's (`PUT`/`DELETE /sps/{iysCode}/integrators/{code}`). */
  @Get('panel/:iysCode/integrators')
  @ProviderScoped('iysCode')
  async integrators(@Web(PANEL_FACE) view: PanelView, @Param('iysCode', IYS_CODE) iysCode: number): Promise<WebPage> {
    const t = view.t;
    const grants: ProviderIntegratorGrant[] = await this.queries.execute(new ListProviderIntegratorsQuery(iysCode));
    return view.page(
      t('integrators.title'),
      html`<h1>${t('integrators.title')}</h1>
${grants.length
  ? html`<div class="table-scroll"><table><thead><tr><th scope="col">${t('integrators.code')}</th><th scope="col">${t('dealers.name')}</th><th scope="col">${t('brands.code')}</th><th scope="col">${t('consent.type')}</th><th scope="col">${t('integrators.agreement')}</th></tr></thead><tbody>${joinHtml(
      grants.map((g) => html`<tr><td>${g.integratorCode}</td><td>${g.title}</td><td>${g.brandCodes.join(', ')}</td><td>${g.types.join(', ')}</td><td>${g.agreementControl ? '✓' : '–'}</td></tr>`),
    )}</tbody></table></div>`
  : html`<p>${t('integrators.none')}</p>`}
<p><a href="/panel/${iysCode}">${t('nav.home')}</a></p>`,
    );
  }

  @Get('panel/:iysCode/brands/:brandCode')
  @ProviderScoped('iysCode')
  async brand(@Web(PANEL_FACE) view: PanelView, @Param('iysCode', IYS_CODE) iysCode: number, @Param('brandCode', BRAND_CODE) brandCode: number): Promise<WebPage> {
    const t = view.t;
    const brands: BrandListItem[] = await this.queries.execute(new ListBrandsQuery(iysCode));
    const brand = brands.find((b) => b.brandCode === brandCode);
    if (!brand) throw new IysHttpException(403, [iysErrorItem('H195', { location: ['brandCode'] })]);
    const base = `/panel/${iysCode}/brands/${brandCode}`;
    const links: [string, Parameters<PanelView['t']>[0]][] = [
      ['consents', 'brand.consents'],
      ['upload', 'brand.upload'],
      ['changes', 'brand.changes'],
      ['reconciliation', 'brand.reconciliation'],
      ['dealers', 'brand.dealers'],
      ['gate', 'brand.gate'],
    ];
    return view.page(
      t('brand.title', { brandCode }),
      html`<h1>${brand.name} <small>(${brandCode})</small></h1>
<p>${t('brands.approved')}: ${view.number(brand.stats.consents.approval)} · ${t('brands.rejected')}: ${view.number(brand.stats.consents.rejection)} · ${t('brands.total')}: ${view.number(brand.stats.consents.total)}</p>
<ul class="links">${joinHtml(links.map(([path, key]) => html`<li><a href="${base}/${path}">${t(key)}</a></li>`))}</ul>`,
    );
  }
}
