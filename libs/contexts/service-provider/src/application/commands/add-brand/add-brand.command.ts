export class AddBrandCommand {
  constructor(
    readonly iysCode: number,
    readonly name: string,
    readonly addedBy: string,
  ) {}
}
