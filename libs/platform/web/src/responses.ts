import type { SafeHtml } from './html.js';

/** A whole HTML document with its status (200 unless said). */
export class WebPage {
  constructor(
    readonly document: SafeHtml,
    readonly status = 200,
  ) {}
}

/** 303 See Other to a path of this site (after a form's POST, or to the sign-in page). */
export class WebRedirect {
  constructor(readonly location: string) {}
}

/** A file to save (an export, a result file): served as an attachment, never rendered inline. */
export class WebDownload {
  constructor(
    readonly contentType: string,
    readonly filename: string,
    readonly body: string | Buffer,
  ) {}
}


export const redirectTo = (location: string) => new WebRedirect(location);

/** Content served inline with its own type and cache lifetime (the /assets files). */
export class WebContent {
  constructor(
    readonly contentType: string,
    readonly body: string | Buffer,
    readonly cacheSeconds: number,
  ) {}
}

export type WebResult = WebPage | WebRedirect | WebDownload | WebContent;
