export class SubmitApplicationCommand {
  constructor(
    readonly applicationId: string,
    readonly details: {
      title: string;
      mersis: string;
      taxNumber: string;
      address: string;
      signatory: { name: string; nationalId: string; mobile: string; email: string };
      brands: { name: string; approvedAddressCount: number }[];
    },
  ) {}
}
