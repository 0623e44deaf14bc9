import type { Role } from '@iys/platform/building-blocks';

export class CreateApiUserCommand {
  constructor(
    readonly username: string,
    readonly password: string,
    readonly role: Role,
    readonly iysCode: number | null,
    readonly createdBy: string,
  ) {}
}
