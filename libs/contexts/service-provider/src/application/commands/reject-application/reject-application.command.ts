export class RejectApplicationCommand {
  constructor(
    readonly applicationId: string,
    readonly reason: string,
    readonly rejectedBy: string,
  ) {}
}
