import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiQuery } from '@nestjs/swagger';
import { ApiIysCodes } from './openapi-errors.js';

/** The `pagination` block of İYS's paged answers. */
export class PaginationDto {
  @ApiProperty({ example: 0 }) offset!: number;
  @ApiProperty({ example: 100 }) pageSize!: number;
  @ApiProperty({ example: 1 }) totalCount!: number;
}

/** Documents `?offset=&limit=` as `parsePaging` reads them, with its codes (H182, H183, H186, H187). */
export function ApiIysPaging(maxLimit = 100): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } }),
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: maxLimit, default: maxLimit } }),
    ApiIysCodes('H182', 'H183', 'H186', 'H187'),
  );
}
