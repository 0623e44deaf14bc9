import { ApiProperty } from '@nestjs/swagger';
import { DealerContracts } from '@iys/contracts';
import { PaginationDto } from '@iys/platform/nest';
import type { RetailerView } from '../../../application/queries/retailer-view.js';

/** An İl or İlçe reference: plate or district code and name. */
export class PlaceDto {
  @ApiProperty({ example: '34' }) code!: string;
  @ApiProperty({ example: 'İstanbul' }) name!: string;
}

/** I1: a district with its city's plate code, İYS's `Town`. */
export class TownDto extends PlaceDto {
  @ApiProperty({ example: '34' }) city_code!: string;
}

/** R1 answer. */
export class RetailerAddedDto {
  @ApiProperty({ example: 1 }) retailerCode!: number;
}

/** R2/R3: one retailer exactly as İYS shows it. */
export class RetailerViewDto implements RetailerView {
  @ApiProperty({ example: 'ÖRNEK GIDA TİCARET LTD. ŞTİ.' }) title!: string;
  @ApiProperty({ example: '0015001526400496' }) mersis!: string;
  @ApiProperty({ example: 'ŞİŞLİ MAĞAZASI' }) alias!: string;
  @ApiProperty({ example: 'Ayşe Yılmaz' }) name!: string;
  @ApiProperty({ example: '10000000146' }) tckn!: string;
  @ApiProperty({ example: '+905321234567' }) mobile!: string;
  @ApiProperty({ type: PlaceDto }) city!: PlaceDto;
  @ApiProperty({ type: PlaceDto, example: { code: '1663', name: 'Şişli' } }) town!: PlaceDto;
  @ApiProperty({ example: 1 }) retailerCode!: number;
  @ApiProperty({ enum: DealerContracts.RETAILER_STATUSES }) status!: DealerContracts.RetailerStatus;
  @ApiProperty({ example: 0 }) retailerAccessCount!: number;
  @ApiProperty() canBeDeleted!: boolean;
}

/** R2 answer. */
export class RetailerPageDto {
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
  @ApiProperty({ type: [RetailerViewDto] }) list!: RetailerViewDto[];
}
