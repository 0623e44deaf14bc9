/**
 * HTML as typed values: `html` escapes every interpolated value unless it is already SafeHtml, so a
 * page cannot inject markup by forgetting to escape. Arrays are joined; null, undefined and false
 * render nothing (for `cond && html\`…\``).
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text made safe for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The template tag: `html\`<p>${name}</p>\`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Markup that is trusted as is (a constant, or output of a helper that escaped it). Never user input. */
export function unsafeRaw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Items rendered one after another with an optional separator. */
export function joinHtml(items: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  return new SafeHtml(items.map(render).join(render(separator)));
}

/** `attrs({ disabled: true, value: 'x', hidden: false })` → ` disabled value="x"` (escaped). */
export function attrs(values: Record<string, string | number | boolean | null | undefined>): SafeHtml {
  const parts = Object.entries(values).flatMap(([name, value]) => {
    if (value === false || value === null || value === undefined) return [];
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`not an attribute name: ${name}`);
    return [value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`];
  });
  return new SafeHtml(parts.join(''));
}
