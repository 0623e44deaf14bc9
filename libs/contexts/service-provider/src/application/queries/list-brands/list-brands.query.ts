export class ListBrandsQuery {
  constructor(readonly iysCode: number) {}
}
