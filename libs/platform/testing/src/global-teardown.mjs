import fs from 'node:fs/promises';

export default async function globalTeardown() {
  const state = globalThis.__IYS_TEST_PG__;
  if (!state) return;
  await state.postgres.stop();
  await fs.rm(state.dataDir, { recursive: true, force: true });
}
