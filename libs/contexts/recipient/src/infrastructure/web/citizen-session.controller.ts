import { Body, Get, HttpCode, Inject, Ip, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import { CurrentRecipient, Public, RecipientScoped } from '@iys/platform/nest';
import { CITIZEN_FACE, html, redirectTo, orRefusal, Web, WebController, type CitizenView, type WebPage, type WebRedirect } from '@iys/platform/web';
import { codePage } from './citizen-web.js';
import { RequestCodeCommand } from '../../application/commands/request-code/request-code.command.js';
import { SignInCommand } from '../../application/commands/sign-in/sign-in.command.js';
import { SignOutCommand } from '../../application/commands/sign-out/sign-out.command.js';
import type { RecipientTokenResponse } from '../../application/identity/recipient-sessions.js';
import type { IssuedChallenge } from '../../application/identity/sign-in-codes.js';

type Form = Record<string, unknown>;
const text = (form: Form | undefined, name: string) => (typeof form?.[name] === 'string' ? (form[name] as string).trim() : '');

/**
 * Citizen sign-in on the web: the address gets a code (the same RequestCode use case as
 * POST /recipients/auth/codes), the code opens a recipient session (SignIn, as
 * POST /recipients/auth/token) whose token is kept in the HttpOnly session cookie.
 */
@WebController(CITIZEN_FACE)
export class CitizenSessionController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Get('sign-in')
  @Public()
  signInPage(@Web(CITIZEN_FACE) view: CitizenView): WebPage {
    return addressForm(view);
  }

  @Post('sign-in')
  @HttpCode(200)
  @Public()
  async requestCode(@Web(CITIZEN_FACE) view: CitizenView, @Body() form: Form | undefined, @Ip() ip: string): Promise<WebPage> {
    const address = text(form, 'address');
    return orRefusal(async () => {
      const challenge: IssuedChallenge = await this.commands.execute(new RequestCodeCommand(address, 'sign-in', `ip:${ip}`));
      return codeForm(view, challenge);
    }, (refusal) => addressForm(view, refusal.message, 422));
  }

  @Post('sign-in/code')
  @HttpCode(200)
  @Public()
  async redeemCode(@Web(CITIZEN_FACE) view: CitizenView, @Body() form: Form | undefined): Promise<WebPage | WebRedirect> {
    const challenge: IssuedChallenge = { challengeId: text(form, 'challengeId'), channel: text(form, 'channel') === 'email' ? 'email' : 'sms', expiresIn: 0 };
    return orRefusal(async () => {
      const token: RecipientTokenResponse = await this.commands.execute(new SignInCommand(challenge.challengeId, text(form, 'code')));
      view.startSession(token.access_token, token.expires_in);
      return redirectTo('/');
    }, (refusal) => codeForm(view, challenge, refusal.message));
  }

  @Post('sign-out')
  @HttpCode(200)
  @RecipientScoped()
  async signOut(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal): Promise<WebRedirect> {
    await this.commands.execute(new SignOutCommand(recipient.sessionId));
    view.endSession();
    return redirectTo('/sign-in');
  }
}

function addressForm(view: CitizenView, error?: string, status = 200): WebPage {
  const t = view.t;
  return view.page(
    t('signIn.title'),
    html`<h1>${t('signIn.title')}</h1>
<p>${t('signIn.intro')}</p>
${error ? html`<div class="alert" role="alert" id="address-error">${error}</div>` : ''}
${view.form(
  '/sign-in',
  html`<label for="address">${t('signIn.address')}</label>
<p class="hint" id="address-hint">${t('signIn.addressHint')}</p>
<input id="address" name="address" type="text" inputmode="email" autocomplete="username" required maxlength="254" aria-describedby="address-hint${error ? ' address-error' : ''}"${error ? html` aria-invalid="true"` : ''}>
<div class="actions"><button type="submit">${t('signIn.sendCode')}</button></div>`,
)}`,
    { status },
  );
}

function codeForm(view: CitizenView, challenge: IssuedChallenge, error?: string): WebPage {
  return codePage(view, { title: 'signIn.codeTitle', action: '/sign-in/code', submit: 'signIn.submit', back: '/sign-in' }, challenge, error);
}
