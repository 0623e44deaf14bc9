/**
 * Polls a condition until it holds: the probe pattern (kgrzybek's Probe, Emmett's whenCaughtUp).
 * Tests use it instead of sleeps; it fails with the last observed value when the deadline passes.
 */
export async function waitUntil<T>(
  probe: () => Promise<T>,
  isSatisfied: (value: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 10, description = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!isSatisfied(last)) {
    if (Date.now() > deadline) {
      throw new Error(`waitUntil: ${description} not reached within ${timeoutMs} ms (last: ${String(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    last = await probe();
  }
  return last;
}
