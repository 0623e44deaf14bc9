/** The one-click opt-out from a consent notice: the link's token is the only credential. */
export class OptOutByLinkCommand {
  constructor(readonly token: string) {}
}
