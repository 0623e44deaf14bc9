import { Body, Get, HttpCode, Inject, Ip, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import { AllowRoles, CurrentPrincipal, IntegerParamPipe, ProviderScoped, Public } from '@iys/platform/nest';
import { html, PANEL_FACE, redirectTo, orRefusal, Web, WebController, type PanelView, type Refusal, type WebPage, type WebRedirect } from '@iys/platform/web';
import { ConfirmTotpEnrolmentCommand } from '../../application/commands/confirm-totp-enrolment/confirm-totp-enrolment.command.js';
import { DisableTotpCommand } from '../../application/commands/disable-totp/disable-totp.command.js';
import { RevokeSessionCommand } from '../../application/commands/revoke-session/revoke-session.command.js';
import { SetProviderTotpRequirementCommand } from '../../application/commands/set-provider-totp-requirement/set-provider-totp-requirement.command.js';
import type { PanelSignIn } from '../../application/commands/sign-in-to-panel/sign-in-to-panel.handler.js';
import { SignInToPanelCommand } from '../../application/commands/sign-in-to-panel/sign-in-to-panel.command.js';
import { StartTotpEnrolmentCommand } from '../../application/commands/start-totp-enrolment/start-totp-enrolment.command.js';
import { GetSecondFactorQuery } from '../../application/queries/get-second-factor/get-second-factor.query.js';
import type { TotpEnrolment } from '../../application/second-factor.js';
import { ACCESS_TOKEN_SECONDS } from '../../application/token-issuer.port.js';

type Form = Record<string, unknown>;
const text = (form: Form | undefined, name: string) => (typeof form?.[name] === 'string' ? (form[name] as string).trim() : '');
const clientAddress = (ip: string) => ip.replace(/^::ffff:/, '');
const IYS_CODE = new IntegerParamPipe('H190');
/** Who works in the panel: a provider's users and the integrators acting for providers. */
const PANEL_ROLES = ['provider', 'integrator'] as const;

/**
 * The panel's sign-in (user name, password and the second factor: SignInToPanel), sign-out
 * (RevokeSession, as POST /oauth2/revoke), and the security page (TOTP enrolment, the provider's
 * requirement). The session is an API session whose token sits in the HttpOnly cookie.
 */
@WebController(PANEL_FACE)
export class PanelSessionController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Get('panel/sign-in')
  @Public()
  signInPage(@Web(PANEL_FACE) view: PanelView): WebPage {
    return signInForm(view);
  }

  @Post('panel/sign-in')
  @HttpCode(200)
  @Public()
  async signIn(@Web(PANEL_FACE) view: PanelView, @Body() form: Form | undefined, @Ip() ip: string): Promise<WebPage | WebRedirect> {
    return orRefusal(async () => {
      const result: PanelSignIn = await this.commands.execute(new SignInToPanelCommand(text(form, 'username'), typeof form?.password === 'string' ? form.password : '', text(form, 'code') || undefined, clientAddress(ip)));
      if (result.kind === 'enrol') return enrolPage(view, result);
      view.startSession(result.accessToken, ACCESS_TOKEN_SECONDS);
      return redirectTo('/panel');
    }, (refusal) => signInForm(view, `${refusal.code}: ${refusal.message}`, 422));
  }

  @Post('panel/sign-out')
  @HttpCode(200)
  @AllowRoles(...PANEL_ROLES)
  async signOut(@Web(PANEL_FACE) view: PanelView, @CurrentPrincipal() principal: Principal): Promise<WebRedirect> {
    await this.commands.execute(new RevokeSessionCommand(principal.sessionId, principal.userId));
    view.endSession();
    return redirectTo('/panel/sign-in');
  }

  /** A provider's user goes to its provider; an integrator names the provider it acts for. */
  @Get('panel')
  @AllowRoles(...PANEL_ROLES)
  home(@Web(PANEL_FACE) view: PanelView, @CurrentPrincipal() principal: Principal): WebPage | WebRedirect {
    if (principal.iysCode !== undefined) return redirectTo(`/panel/${principal.iysCode}`);
    const t = view.t;
    return view.page(
      t('home.choose'),
      html`<h1>${t('home.choose')}</h1>
${view.form('/panel/go', html`<label for="iysCode">${t('home.iysCode')}</label><input id="iysCode" name="iysCode" inputmode="numeric" pattern="[0-9]{1,10}" required><div class="actions"><button type="submit">${t('home.go')}</button></div>`)}`,
    );
  }

  @Post('panel/go')
  @HttpCode(200)
  @AllowRoles(...PANEL_ROLES)
  go(@Body() form: Form | undefined): WebRedirect {
    const code = text(form, 'iysCode');
    return redirectTo(/^\d{1,10}$/.test(code) ? `/panel/${code}` : '/panel');
  }

  @Get('panel/security')
  @AllowRoles(...PANEL_ROLES)
  async security(@Web(PANEL_FACE) view: PanelView, @CurrentPrincipal() principal: Principal): Promise<WebPage> {
    return this.securityPage(view, principal);
  }

  @Post('panel/security/totp')
  @HttpCode(200)
  @AllowRoles(...PANEL_ROLES)
  async startEnrolment(@Web(PANEL_FACE) view: PanelView, @CurrentPrincipal() principal: Principal): Promise<WebPage> {
    return orRefusal(async () => {
      const enrolment: TotpEnrolment = await this.commands.execute(new StartTotpEnrolmentCommand(principal));
      return this.securityPage(view, principal, { enrolment });
    }, (refusal) => this.refused(view, principal, refusal));
  }

  @Post('panel/security/totp/confirm')
  @HttpCode(200)
  @AllowRoles(...PANEL_ROLES)
  async confirm(@Web(PANEL_FACE) view: PanelView, @CurrentPrincipal() principal: Principal, @Body() form: Form | undefined): Promise<WebPage | WebRedirect> {
    return orRefusal(async () => {
      await this.commands.execute(new ConfirmTotpEnrolmentCommand(principal, text(form, 'code')));
      return redirectTo('/panel/security');
    }, (refusal) => this.refused(view, principal, refusal));
  }

  @Post('panel/security/totp/disable')
  @HttpCode(200)
  @AllowRoles(...PANEL_ROLES)
  async disable(@Web(PANEL_FACE) view: PanelView, @CurrentPrincipal() principal: Principal): Promise<WebPage | WebRedirect> {
    return orRefusal(async () => {
      await this.commands.execute(new DisableTotpCommand(principal.userId, principal));
      return redirectTo('/panel/security');
    }, (refusal) => this.refused(view, principal, refusal));
  }

  @Post('panel/:iysCode/security/requirement')
  @HttpCode(200)
  @ProviderScoped('iysCode', { integrators: false })
  async requirement(
    @Web(PANEL_FACE) view: PanelView,
    @CurrentPrincipal() principal: Principal,
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Body() form: Form | undefined,
  ): Promise<WebPage | WebRedirect> {
    return orRefusal(async () => {
      await this.commands.execute(new SetProviderTotpRequirementCommand(iysCode, text(form, 'required') === 'true', principal));
      return redirectTo('/panel/security');
    }, (refusal) => this.refused(view, principal, refusal));
  }

  private refused(view: PanelView, principal: Principal, refusal: Refusal): Promise<WebPage> {
    return this.securityPage(view, principal, { error: `${refusal.code}: ${refusal.message}`, status: 422 });
  }

  private async securityPage(view: PanelView, principal: Principal, { enrolment, error, status = 200 }: { enrolment?: TotpEnrolment; error?: string; status?: number } = {}): Promise<WebPage> {
    const t = view.t;
    const factor: { status: 'off' | 'pending' | 'on'; required: boolean } = await this.queries.execute(new GetSecondFactorQuery(principal));
    const state = factor.status === 'on' ? t('security.totpOn') : factor.status === 'pending' ? t('security.totpPending') : t('security.totpOff');
    const confirmForm = view.form(
      '/panel/security/totp/confirm',
      html`<label for="code">${t('signIn.code')}</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required><div class="actions"><button type="submit">${t('security.confirm')}</button></div>`,
    );
    return view.page(
      t('security.title'),
      html`<h1>${t('security.title')}</h1>
${error ? html`<div class="alert" role="alert">${error}</div>` : ''}
<p role="status">${state}</p>
<p>${factor.required ? t('security.required') : t('security.notRequired')}</p>
${enrolment ? html`<p>${t('security.secretIntro')}</p>${secretList(view, enrolment)}` : ''}
${factor.status === 'pending' || enrolment ? confirmForm : ''}
${factor.status === 'off' && !enrolment ? view.form('/panel/security/totp', html`<button type="submit">${t('security.enable')}</button>`) : ''}
${factor.status !== 'off' ? view.form('/panel/security/totp/disable', html`<button type="submit" class="secondary">${t('security.disable')}</button>`) : ''}
${principal.role === 'provider' && principal.iysCode !== undefined
  ? view.form(
      `/panel/${principal.iysCode}/security/requirement`,
      html`<input type="hidden" name="required" value="${factor.required ? 'false' : 'true'}"><button type="submit" class="secondary">${factor.required ? t('security.unrequire') : t('security.require')}</button>`,
    )
  : ''}`,
      { status },
    );
  }
}

function secretList(view: PanelView, enrolment: TotpEnrolment) {
  const t = view.t;
  return html`<dl><dt>${t('enrol.secret')}</dt><dd><code id="totp-secret">${enrolment.secret}</code></dd><dt>${t('enrol.uri')}</dt><dd><a href="${enrolment.otpauthUri}">${enrolment.otpauthUri}</a></dd></dl>`;
}

function signInForm(view: PanelView, error?: string, status = 200, intro?: ReturnType<typeof html>): WebPage {
  const t = view.t;
  return view.page(
    t('signIn.title'),
    html`<h1>${t('signIn.title')}</h1>
${intro ?? html`<p>${t('signIn.intro')}</p>`}
${error ? html`<div class="alert" role="alert" id="sign-in-error">${error}</div>` : ''}
${view.form(
  '/panel/sign-in',
  html`<label for="username">${t('signIn.username')}</label>
<input id="username" name="username" type="text" autocomplete="username" required maxlength="64"${error ? html` aria-describedby="sign-in-error"` : ''}>
<label for="password">${t('signIn.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
<label for="code">${t('signIn.code')}</label>
<p class="hint" id="code-hint">${t('signIn.codeHint')}</p>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" aria-describedby="code-hint">
<div class="actions"><button type="submit">${t('signIn.submit')}</button></div>`,
)}`,
    { status },
  );
}

function enrolPage(view: PanelView, enrolment: TotpEnrolment): WebPage {
  const t = view.t;
  return signInForm(view, undefined, 200, html`<h2>${t('enrol.title')}</h2><p>${t('enrol.intro')}</p>${secretList(view, enrolment)}`);
}
