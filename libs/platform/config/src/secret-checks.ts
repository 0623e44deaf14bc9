import { createHash } from 'node:crypto';

/** The fewest bytes a configured key or shared secret may have. */
export const MIN_SECRET_BYTES = 32;

/**
 * SHA-256 (hex) of every secret value that was ever committed to this repository, so a copied
 * example can never guard a real deployment. Only digests are kept: the values themselves stay out
 * of the code. Add the digest of any value that is ever published (docs/runbooks/key-rotation.md).
 */
export const PUBLISHED_SECRET_DIGESTS: ReadonlySet<string> = new Set([
  // docker-compose.yml's former default IYS_MASTER_KEY
  '51643eac9777b63a7b268174d1fd4276daedec9bc9ea0bc6e5abf69047bc54f6',
  // docker-compose.yml's former default IYS_HMAC_KEY
  'c57cc3b55d39f9a6f772f508e3821e0a280822352c0d0f0d259fba63b74da9a0',
  // the SMS-gateway secret the end-to-end tests once used
  '1b23f59f53d757d3d60deb72d5f210f77c33d551a94ad579c281e75a769b66f4',
  // the wrong SMS-gateway secret of the forged-signature test
  '9daaf9541f1afac02da9fea4801685067bde9c34532b8229d5057f2d28043e75',
  // the administrator passwords of the end-to-end tests and the benchmark
  'c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a',
  '2bcc799dfa2ccb6c0733b37a06540d605c5e54cd01d2f7ea0508d04675c66998',
]);

/** Whether `value` (trimmed) is one of the published values. */
export function isPublishedSecret(value: string): boolean {
  return PUBLISHED_SECRET_DIGESTS.has(createHash('sha256').update(value.trim()).digest('hex'));
}

export type SecretEncoding = 'base64' | 'utf8';

/**
 * Why `value` cannot serve as the secret `name`, or undefined when it can: fewer than 32 bytes, one
 * byte repeated (a placeholder such as all zeros), or a value published in this repository. Checked
 * at every start in every environment; the format of each variable is checked by its own rule.
 */
export function secretProblem(name: string, value: string, encoding: SecretEncoding): string | undefined {
  const text = value.trim();
  if (isPublishedSecret(text)) {
    return `${name} is a value published in the project's repository; generate a new one (openssl rand -base64 32)`;
  }
  const bytes = Buffer.from(text, encoding);
  if (bytes.length < MIN_SECRET_BYTES) return `${name} must hold at least ${MIN_SECRET_BYTES} bytes`;
  if (bytes.every((byte) => byte === bytes[0])) return `${name} is one byte repeated; generate a random one (openssl rand -base64 32)`;
  return undefined;
}
