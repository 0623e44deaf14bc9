export class SetActivationDateCommand {
  constructor(
    readonly iysCode: number,
    readonly activationDate: string,
    readonly setBy: string,
  ) {}
}
