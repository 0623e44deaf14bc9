import { Inject, Injectable } from '@nestjs/common';
import { IdentityAccessContracts } from '@iys/contracts';
import type { Principal } from '@iys/platform/building-blocks';

const MAX_REMEMBERED = 10_000;

/**
 * May this caller act for gateway `operatorCode`? The admin may; an operator user only for the code
 * on its own user row (OperatorDirectory), never for one it names. A user's code is fixed at its
 * creation, so it is remembered; a disabled user is stopped by the perimeter before it gets here.
 */
@Injectable()
export class OperatorScope {
  private readonly known = new Map<string, number | undefined>();

  constructor(@Inject(IdentityAccessContracts.OPERATOR_DIRECTORY) private readonly directory: IdentityAccessContracts.OperatorDirectoryPort) {}

  async allows(principal: Principal, operatorCode: number): Promise<boolean> {
    if (principal.role === 'admin') return true;
    if (principal.role !== 'operator') return false;
    let code = this.known.get(principal.userId);
    if (code === undefined) {
      code = await this.directory.operatorCodeOf(principal.userId);
      if (code !== undefined) {
        if (this.known.size >= MAX_REMEMBERED) this.known.clear();
        this.known.set(principal.userId, code);
      }
    }
    return code === operatorCode;
  }
}
