export class RegisterIntegratorCommand {
  constructor(
    readonly title: string,
    readonly registeredBy: string,
  ) {}
}
