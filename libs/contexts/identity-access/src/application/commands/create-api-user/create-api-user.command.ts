import { Command } from '@nestjs/cqrs';
import type { Role } from '@iys/platform/building-blocks';

export class CreateApiUserCommand extends Command<string> {
  constructor(
    readonly username: string,
    readonly password: string,
    readonly role: Role,
    readonly iysCode: number | null,
    readonly createdBy: string,
    readonly integratorCode: number | null = null,
    /** Source addresses (exact IPs) the user may call from; empty means any. */
    readonly allowedIps: string[] = [],
    /** The gateway an `operator` user checks for. */
    readonly operatorCode: number | null = null,
    /** Role `retailer`: its brand and retailer, checked by the caller against the dealer context. */
    readonly retailer?: { brandCode: number; retailerCode: number },
  ) {
    super();
  }
}
