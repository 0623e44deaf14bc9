import { Controller, Get, Inject, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiIysErrorMap, IntegerParamPipe, ProviderScoped, ReplicaRead } from '@iys/platform/nest';
import { BrandListItemDto } from './dto/service-provider.response.dto.js';
import type { BrandListItem } from '../../application/queries/list-brands/list-brands.handler.js';
import { ListBrandsQuery } from '../../application/queries/list-brands/list-brands.query.js';

@ApiTags('brands')
@ApiBearerAuth()
@Controller('sps/:iysCode/brands')
export class BrandsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get()
  @ProviderScoped('iysCode')
  @ReplicaRead('Brands and counts may trail other clients\' changes by the replica lag; a change made with this token is always included.')
  @ApiOperation({ summary: "The provider's brands with their stats (İYS B1)" })
  @ApiOkResponse({ type: [BrandListItemDto] })
  @ApiIysErrorMap({ 400: ['H245'], 403: ['H363'], 422: ['H190'] })
  list(@Param('iysCode', new IntegerParamPipe('H190')) iysCode: number): Promise<BrandListItem[]> {
    return this.queries.execute(new ListBrandsQuery(iysCode));
  }
}
