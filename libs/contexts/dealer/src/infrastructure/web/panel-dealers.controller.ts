import { Get, Inject, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { IntegerParamPipe, ProviderScoped } from '@iys/platform/nest';
import { html, joinHtml, PANEL_FACE, Web, WebController, type PanelView, type WebPage } from '@iys/platform/web';
import type { RetailerPage } from '../../application/queries/list-retailers/list-retailers.handler.js';
import { ListRetailersQuery } from '../../application/queries/list-retailers/list-retailers.query.js';

const IYS_CODE = new IntegerParamPipe('H190');
const BRAND_CODE = new IntegerParamPipe('H191');

/** A brand's dealers (İYS R2's ListRetailers) and how many consents each may reach. */
@WebController(PANEL_FACE)
export class PanelDealersController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get('panel/:iysCode/brands/:brandCode/dealers')
  @ProviderScoped('iysCode')
  async dealers(@Web(PANEL_FACE) view: PanelView, @Param('iysCode', IYS_CODE) iysCode: number, @Param('brandCode', BRAND_CODE) brandCode: number): Promise<WebPage> {
    const t = view.t;
    const page: RetailerPage = await this.queries.execute(new ListRetailersQuery(iysCode, brandCode, 0, 100));
    return view.page(
      t('dealers.title'),
      html`<h1>${t('dealers.title')}</h1>
${page.list.length
  ? html`<div class="table-scroll"><table><thead><tr><th scope="col">${t('dealers.code')}</th><th scope="col">${t('dealers.name')}</th><th scope="col">${t('dealers.status')}</th><th scope="col">${t('brands.total')}</th></tr></thead><tbody>${joinHtml(
      page.list.map((r) => html`<tr><td>${r.retailerCode}</td><td>${r.title}</td><td>${r.status}</td><td>${view.number(r.retailerAccessCount)}</td></tr>`),
    )}</tbody></table></div>`
  : html`<p>${t('dealers.none')}</p>`}
<p><a href="/panel/${iysCode}/brands/${brandCode}">${t('common.back')}</a></p>`,
    );
  }
}
