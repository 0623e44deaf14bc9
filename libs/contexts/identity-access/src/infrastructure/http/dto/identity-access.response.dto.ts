import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '@iys/platform/nest';

/** `POST /admin/users` answer. */
export class ApiUserCreatedDto {
  @ApiProperty() userId!: string;
  @ApiProperty({ example: 'provider-700001' }) username!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ type: Number, nullable: true }) iysCode!: number | null;
}

/** `POST /admin/users/{userId}/disable` answer. */
export class ApiUserDisabledDto {
  @ApiProperty() userId!: string;
  @ApiProperty({ enum: [true] }) disabled!: true;
}

/** `POST /sps/{iysCode}/brands/{brandCode}/retailers/{retailerCode}/users` answer. */
export class RetailerUserCreatedDto {
  @ApiProperty() userId!: string;
  @ApiProperty({ example: 'bayi-1' }) username!: string;
  @ApiProperty({ enum: ['retailer'] }) role!: 'retailer';
  @ApiProperty({ example: 700001 }) iysCode!: number;
  @ApiProperty({ example: 700001 }) brandCode!: number;
  @ApiProperty({ example: 1 }) retailerCode!: number;
}
