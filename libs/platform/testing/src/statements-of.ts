import pg from 'pg';

/**
 * Every statement any pg client sends while `run` is in flight (its first `length` characters,
 * whitespace folded): round trips counted, whatever the machine's speed.
 */
export async function statementsOf(run: () => Promise<unknown>, length = 80): Promise<string[]> {
  const seen: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    seen.push((typeof first === 'string' ? first : String(first?.text ?? '')).replace(/\s+/g, ' ').trim().slice(0, length));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = original;
  }
  return seen;
}

/**
 * `statementsOf` without the daemons' trailing wake-up: an append carries the NOTIFY at most once per
 * 10 ms, otherwise one trailing NOTIFY follows on a timer (docs/adr/0059). It is on no caller's path,
 * and whether it falls inside the counted window depends on timing.
 */
export async function statementsOnThePath(run: () => Promise<unknown>, length = 80): Promise<string[]> {
  return (await statementsOf(run, length)).filter((text) => !text.startsWith("SELECT pg_notify('iys_events'"));
}
