export class DeactivateBrandCommand {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly deactivatedBy: string,
  ) {}
}
