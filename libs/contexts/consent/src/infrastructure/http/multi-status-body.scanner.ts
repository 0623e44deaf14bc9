import { asciiBytes, JsonScanner } from '@iys/platform/nest';

/** Most recipients one C5 call may ask about (MultiStatusQueryDto's ArrayMaxSize). */
const MAX_RECIPIENTS = 1000;
const RECIPIENTS = asciiBytes('recipients');

/**
 * C5's body (`{"recipients":[…]}`) read straight from its bytes when it is the common shape: that one
 * field, 1 to 1000 strings of printable ASCII without escapes. Anything else is declined (undefined)
 * and MultiStatusQueryDto's validation pipe answers it as before (multi-status-body.scanner.unit.spec.ts):
 * the same recipients for what this accepts, the same refusals for the rest.
 */
export function scanMultiStatusBody(body: Buffer): { recipients: string[] } | undefined {
  const json = new JsonScanner(body);
  const span = { start: 0, end: 0 };
  if (!json.take(0x7b) || !json.stringSpan(span) || !json.spanIs(span, RECIPIENTS) || !json.take(0x3a) || !json.take(0x5b)) return undefined;
  const recipients: string[] = [];
  do {
    if (recipients.length === MAX_RECIPIENTS || !json.stringSpan(span)) return undefined;
    recipients.push(json.text(span));
  } while (json.take(0x2c));
  if (!json.take(0x5d) || !json.take(0x7d) || !json.atEnd()) return undefined;
  return { recipients };
}
