import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SnapshotSigningKey } from '../../snapshot-signing-key.js';
import { GetSigningKeyQuery, type PublishedSigningKey } from './get-signing-key.query.js';

@QueryHandler(GetSigningKeyQuery)
export class GetSigningKeyHandler implements IQueryHandler<GetSigningKeyQuery, PublishedSigningKey> {
  constructor(@Inject(SnapshotSigningKey) private readonly signingKey: SnapshotSigningKey) {}

  async execute(): Promise<PublishedSigningKey> {
    const { publicKeyId, publicKeyPem } = this.signingKey.key;
    return { publicKeyId, publicKey: publicKeyPem };
  }
}
