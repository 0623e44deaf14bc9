export class ApproveApplicationCommand {
  constructor(
    readonly applicationId: string,
    readonly approvedBy: string,
    /** ISO instant; defaults to the approval time. */
    readonly activationDate?: string,
  ) {}
}
