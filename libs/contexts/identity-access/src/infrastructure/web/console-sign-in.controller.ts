import { Body, Get, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ROLES, type Principal, type Role } from '@iys/platform/building-blocks';
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
import { SignInToConsoleCommand } from '../../application/commands/sign-in-to-console/sign-in-to-console.command.js';
import type { ConsoleSignIn } from '../../application/commands/sign-in-to-console/sign-in-to-console.handler.js';
import { RevokeSessionCommand } from '../../application/commands/revoke-session/revoke-session.command.js';

type Form = Record<string, unknown>;
type ConsoleView = AuthorityView | AdminView;
const field = (form: Form | undefined, name: string) => (typeof form?.[name] === 'string' ? (form[name] as string) : '');
const clientAddress = (ip: string) => ip.replace(/^::ffff:/, '');

/**
 * Sign-in of the authority and administration consoles (docs/adr/0056): the API user's name and
 * password are checked as `POST /oauth2/token` checks them (same throttling, same sessions, same
 * refusals H250/H251/H084); the access token is kept in the HttpOnly session cookie. A user whose
 * role the console does not serve (a provider at either, an inspector at the administration's) is
 * refused at the form (H850, ADR 0061) rather than signed in to pages that would all answer H363.
 */
async function signIn(commands: CommandBus, view: ConsoleView, form: Form | undefined, ip: string, home: string, roles: readonly Role[]): Promise<WebPage | WebRedirect> {
  return orRefusal(async () => {
    const signedIn: ConsoleSignIn = await commands.execute(new SignInToConsoleCommand(field(form, 'username').trim(), field(form, 'password'), roles, clientAddress(ip)));
    view.startSession(signedIn.accessToken, signedIn.expiresIn);
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
 * The sign-in, sign-out pair of one console: `<base>/sign-in` (public, for users of `roles`) and
 * `<base>/sign-out` (any signed-in API user, ending the session as `POST /oauth2/revoke`).
 */
function consoleSignInController(face: typeof AUTHORITY_FACE | typeof ADMIN_FACE, name: string, roles: readonly Role[]) {
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
      return signIn(this.commands, view, form, ip, face.basePath, roles);
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

/** The authority's console: its inspectors, and administrators (the number history is theirs too). */
export const AuthoritySignInController = consoleSignInController(AUTHORITY_FACE, 'AuthoritySignInController', ['authority', 'admin']);
export const AdminSignInController = consoleSignInController(ADMIN_FACE, 'AdminSignInController', ['admin']);
