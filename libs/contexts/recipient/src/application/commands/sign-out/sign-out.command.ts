/** End a recipient session: its token stops working at once. */
export class SignOutCommand {
  constructor(readonly sessionId: string) {}
}
