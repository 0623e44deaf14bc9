import { formatIysDateTime } from '@iys/platform/building-blocks';

/**
 * {@link formatIysDateTime} for a long run of instants (a day's file, a history): rows written in one
 * append share their second, so the previous second's text is reused instead of being built again.
 * One instance per file or per answer.
 */
export class IysDateTimeFormatter {
  private second = Number.NaN;
  private text = '';

  format(epochMs: number): string {
    const second = Math.floor(epochMs / 1000);
    if (second !== this.second) {
      this.text = formatIysDateTime(new Date(epochMs));
      this.second = second;
    }
    return this.text;
  }
}
