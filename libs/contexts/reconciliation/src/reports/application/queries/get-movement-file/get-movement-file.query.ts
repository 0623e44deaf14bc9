import { Query } from '@nestjs/cqrs';
import type { MovementFile } from './get-movement-file.handler.js';

/** M4: a brand's movement file of one of the last IYS_MOVEMENT_FILE_WINDOW_DAYS days (7 by default). */
export class GetMovementFileQuery extends Query<MovementFile> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly reportDate: string,
  ) {
    super();
  }
}
