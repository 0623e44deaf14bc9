import { Body, Get, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ROLES, type Principal } from '@iys/platform/building-blocks';
import { AllowRoles, CurrentPrincipal, Public } from '@iys/platform/nest';
import {
  ADMIN_FACE,
  AUTHORITY_FACE,
  html,
  redirectTo,
  orRefusal,
  Web,
  WebController,
  type AdminView,
  type AuthorityView,
  type WebPage,
  type WebRedirect,
} from '@iys/platform/web';
import { IssueTokenCommand } from '../../application/commands/issue-token/issue-token.command.js';
import type { TokenResponse } from '../../application/commands/issue-token/issue-token.handler.js';
import { RevokeSessionCommand } from '../../application/commands/revoke-session/revoke-session.command.js';

type Form = Record<string, unknown>;
type ConsoleView = AuthorityView | AdminView;
const field = (form: Form | undefined, name: string) => (typeof form?.[name] === 'string' ? (form[name] as string) : '');
const clientAddress = (ip: string) => ip.replace(/^::ffff:/, '');

/**
 * Sign-in of the authority and administration consoles (docs/adr/0056): the API user's name and
 * password go to the same IssueToken use case as `POST /oauth2/token` (same throttling, same
 * sessions, same refusals H250/H251/H124); the access token is kept in the HttpOnly session cookie.
 * What a user may then open is decided per page by the API's own roles: a provider that signs in
 * here is refused every page of the console (H363), exactly as on the API.
 */
async function signIn(commands: CommandBus, view: ConsoleView, form: Form | undefined, ip: string, home: string): Promise<WebPage | WebRedirect> {
  return orRefusal(async () => {
    const token: TokenResponse = await commands.execute(
      new IssueTokenCommand({ grant_type: 'password', username: field(form, 'username').trim(), password: field(form, 'password') }, clientAddress(ip)),
    );
    view.startSession(token.access_token, token.expires_in);
    return redirectTo(home);
  }, (refusal) => signInPage(view, `${refusal.code}: ${refusal.message}`, 422));
}

function signInPage(view: ConsoleView, error?: string, status = 200): WebPage {
  const t = view.t as (key: 'signIn.title' | 'signIn.intro' | 'signIn.username' | 'signIn.password' | 'signIn.submit') => string;
  return view.page(
    t('signIn.title'),
    html`<h1>${t('signIn.title')}</h1>
<p>${t('signIn.intro')}</p>
${error ? html`<div class="alert" role="alert" id="sign-in-error">${error}</div>` : ''}
${view.form(
  view.face.signInPath,
  html`<label for="username">${t('signIn.username')}</label>
<input id="username" name="username" type="text" autocomplete="username" required maxlength="200"${error ? html` aria-invalid="true" aria-describedby="sign-in-error"` : ''}>
<label for="password">${t('signIn.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200">
<div class="actions"><button type="submit">${t('signIn.submit')}</button></div>`,
)}`,
    { status },
  );
}

async function signOut(commands: CommandBus, view: ConsoleView, principal: Principal): Promise<WebRedirect> {
  await commands.execute(new RevokeSessionCommand(principal.sessionId, principal.userId));
  view.endSession();
  return redirectTo(view.face.signInPath);
}

/**
 * The sign-in, sign-out pair of one console: `<base>/sign-in` (public) and `<base>/sign-out` (any
 * signed-in API user, ending the session as `POST /oauth2/revoke`).
 */
function consoleSignInController(face: typeof AUTHORITY_FACE | typeof ADMIN_FACE, name: string) {
  @WebController(face, face.basePath.slice(1))
  class ConsoleSignInController {
    constructor(@Inject(CommandBus) readonly commands: CommandBus) {}

    @Get('sign-in')
    @Public()
    page(@Web(face) view: ConsoleView): WebPage {
      return signInPage(view);
    }

    @Post('sign-in')
    @HttpCode(200)
    @Public()
    signIn(@Web(face) view: ConsoleView, @Body() form: Form | undefined, @Ip() ip: string): Promise<WebPage | WebRedirect> {
      return signIn(this.commands, view, form, ip, face.basePath);
    }

    @Post('sign-out')
    @HttpCode(200)
    @AllowRoles(...ROLES)
    signOut(@Web(face) view: ConsoleView, @CurrentPrincipal() principal: Principal): Promise<WebRedirect> {
      return signOut(this.commands, view, principal);
    }
  }
  Object.defineProperty(ConsoleSignInController, 'name', { value: name });
  return ConsoleSignInController;
}

export const AuthoritySignInController = consoleSignInController(AUTHORITY_FACE, 'AuthoritySignInController');
export const AdminSignInController = consoleSignInController(ADMIN_FACE, 'AdminSignInController');
