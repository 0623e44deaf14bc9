export class DisableApiUserCommand {
  constructor(
    readonly userId: string,
    readonly disabledBy: string,
  ) {}
}
