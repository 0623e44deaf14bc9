import { html, type CitizenKey, type CitizenView, type SafeHtml } from '@iys/platform/web';

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
