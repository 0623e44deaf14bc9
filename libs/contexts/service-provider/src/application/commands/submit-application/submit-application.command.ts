import { Command } from '@nestjs/cqrs';

export class SubmitApplicationCommand extends Command<string> {
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
  ) {
    super();
  }
}
