import { html, type CitizenKey, type CitizenView, type SafeHtml, type WebPage } from '@iys/platform/web';

/** Helpers the citizen pages share. */
export type Form = Record<string, unknown>;

export const field = (form: Form | undefined, name: string): string => (typeof form?.[name] === 'string' ? (form[name] as string).trim() : '');

export const channelLabel = (view: CitizenView, type: string): string => (['ARAMA', 'MESAJ', 'EPOSTA'].includes(type) ? view.t(`channel.${type}` as CitizenKey) : type);
export const statusLabel = (view: CitizenView, status: string): string => (status === 'ONAY' || status === 'RET' ? view.t(`status.${status}`) : status);

/** The notice after a POST-redirect-GET (`?done=<key>`): only known keys, never free text from the URL. */
export function doneNotice(view: CitizenView, done: unknown, known: Partial<Record<string, CitizenKey>>, vars: Record<string, string | number> = {}): SafeHtml | '' {
  const key = typeof done === 'string' ? known[done] : undefined;
  return key ? html`<div class="notice" role="status">${view.t(key, vars)}</div>` : '';
}

export const alertBox = (id: string, message: string | undefined): SafeHtml | '' => (message ? html`<div class="alert" role="alert" id="${id}">${message}</div>` : '');

/**
 * The page that asks for the 6-digit code sent to an address (signing in, or adding an address):
 * the challenge rides in hidden fields, never in the URL.
 */
export function codePage(
  view: CitizenView,
  { title, action, submit, back }: { title: CitizenKey; action: string; submit: CitizenKey; back: string },
  challenge: { challengeId: string; channel: 'sms' | 'email' },
  error?: string,
): WebPage {
  const t = view.t;
  return view.page(
    t(title),
    html`<h1>${t(title)}</h1>
<p role="status">${t(challenge.channel === 'email' ? 'signIn.codeSentEmail' : 'signIn.codeSentSms')}</p>
${alertBox('code-error', error)}
${view.form(
  action,
  html`<input type="hidden" name="challengeId" value="${challenge.challengeId}"><input type="hidden" name="channel" value="${challenge.channel}">
<label for="code">${t('signIn.code')}</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required${error ? html` aria-invalid="true" aria-describedby="code-error"` : ''}>
<div class="actions"><button type="submit">${t(submit)}</button> <a class="button secondary" href="${back}">${t('signIn.again')}</a></div>`,
)}`,
    { status: error ? 422 : 200 },
  );
}
