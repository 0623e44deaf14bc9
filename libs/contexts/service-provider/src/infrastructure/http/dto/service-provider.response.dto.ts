import { ApiProperty } from '@nestjs/swagger';

/** `POST /applications` answer. */
export class ApplicationSubmittedDto {
  @ApiProperty({ example: '2f9c1e0a-7b44-4c1e-9d0a-1b2c3d4e5f60' }) applicationId!: string;
}

/** A brand as issued at approval. */
export class IssuedBrandDto {
  @ApiProperty({ example: 700001 }) brandCode!: number;
  @ApiProperty({ example: 'ÖRNEK' }) name!: string;
  @ApiProperty() master!: boolean;
}

/** `POST /admin/applications/{applicationId}/approve` answer. */
export class ApprovalDto {
  @ApiProperty({ example: 700001 }) iysCode!: number;
  @ApiProperty({ type: [IssuedBrandDto] }) brands!: IssuedBrandDto[];
  @ApiProperty() activationDate!: string;
}
