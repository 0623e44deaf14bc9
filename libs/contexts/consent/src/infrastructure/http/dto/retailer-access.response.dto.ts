import { ApiProperty } from '@nestjs/swagger';
import { DealerContracts } from '@iys/contracts';
import { PaginationDto } from '@iys/platform/nest';
import { ConsentStatusDto } from './consent.response.dto.js';

/** RA1 answer. */
export class RetailerAccessGrantedDto {
  @ApiProperty({ example: '8a3f1c52-0d7e-4a8e-9b1a-6f2f4c1d9e77' }) transactionId!: string;
}

/** RA2, RA4, RA5 answer: the request to follow with C4. */
export class RetailerAccessRequestDto {
  @ApiProperty({ example: '5b0e2f0a-3c0d-4a55-8d6e-0f7c2b1e4a90' }) requestId!: string;
}

/** RA3 answer. */
export class ConsentRetailerPageDto {
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
  @ApiProperty({ type: 'array', items: DealerContracts.RETAILER_DESCRIPTION_SCHEMA as never, description: "The dealer context's published description of each retailer" })
  list!: DealerContracts.RetailerDescription[];
}

/** A retailer's page of the consents it has access to. */
export class RetailerConsentPageDto {
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
  @ApiProperty({ type: [ConsentStatusDto] }) list!: ConsentStatusDto[];
}
