import { Query } from '@nestjs/cqrs';

export interface PublishedSigningKey {
  publicKeyId: string;
  /** PEM (SPKI). */
  publicKey: string;
}

/** The registry's current snapshot-signing public key. */
export class GetSigningKeyQuery extends Query<PublishedSigningKey> {}
