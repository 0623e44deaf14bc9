export class RevokeIntegratorCommand {
  constructor(
    readonly iysCode: number,
    readonly integratorCode: number,
    readonly actorId: string,
  ) {}
}
