import { Query } from '@nestjs/cqrs';

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

/** A checked request for a file: its name and its bytes, produced only as they are read. */
export interface MovementFile {
  fileName: string;
  chunks: AsyncIterable<Buffer>;
}
