export default async function browserGlobalTeardown() {
  await globalThis.__IYS_BROWSER_SERVER__?.close();
}
