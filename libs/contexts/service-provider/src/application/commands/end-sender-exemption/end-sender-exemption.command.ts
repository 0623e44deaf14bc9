/** The administrator ends an exemption: from `endedAt` (default now) the sender needs consent again. */
export class EndSenderExemptionCommand {
  constructor(
    readonly exemptionId: string,
    readonly endedBy: string,
    readonly endedAt?: string,
  ) {}
}
