import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG } from '@iys/platform/nest';
import { movementFileName } from '../../../domain/movement-file.js';
import { MovementFileSource } from '../../movement-file.source.js';
import { ReportScope } from '../../report-scope.js';
import { GetMovementFileQuery, type MovementFile } from './get-movement-file.query.js';

export type { MovementFile };

/** The setting this handler reads (AppConfig, validated 1..90 at start-up; İYS serves 7). */
export interface MovementFileWindowConfig {
  IYS_MOVEMENT_FILE_WINDOW_DAYS: number;
}

/**
 * M4: every check is made before the first byte (an error is still an İYS envelope); the rows then
 * stream page by page in commit order. Only the last IYS_MOVEMENT_FILE_WINDOW_DAYS days (H650).
 */
@QueryHandler(GetMovementFileQuery)
export class GetMovementFileHandler implements IQueryHandler<GetMovementFileQuery, MovementFile> {
  constructor(
    @Inject(ReportScope) private readonly scopes: ReportScope,
    @Inject(MovementFileSource) private readonly files: MovementFileSource,
    @Inject(APP_CONFIG) private readonly config: MovementFileWindowConfig,
  ) {}

  async execute(query: GetMovementFileQuery): Promise<MovementFile> {
    const scope = await this.scopes.open(query, { kind: 'recent-day', days: this.config.IYS_MOVEMENT_FILE_WINDOW_DAYS });
    return { fileName: movementFileName(scope.iysCode, scope.brandCode, scope.day), chunks: this.files.chunks(scope) };
  }
}
