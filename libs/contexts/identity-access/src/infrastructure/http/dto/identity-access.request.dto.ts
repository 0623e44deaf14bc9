import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@iys/platform/building-blocks';
import { IsInt32, IsIpOrCidr, IysCode } from '@iys/platform/nest';

const REQUIRED = { missing: 'H628', invalid: 'H628' } as const;

export class CreateApiUserDto {
  @ApiProperty({ example: 'ornek-api' })
  @IysCode(REQUIRED) @IsString()
  username!: string;

  @ApiProperty({ minLength: 12 })
  @IysCode(REQUIRED) @IsString()
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IysCode({ ...REQUIRED, echoValue: true }) @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ description: 'Required for role provider' })
  @IysCode(REQUIRED) @IsOptional() @IsInt32({ min: 1 })
  iysCode?: number;

  @ApiPropertyOptional({ description: 'Required for role integrator' })
  @IysCode(REQUIRED) @IsOptional() @IsInt32({ min: 1 })
  integratorCode?: number;

  @ApiPropertyOptional({ description: 'Required for role operator: the gateway (operatorCode) the user checks for' })
  @IysCode(REQUIRED) @IsOptional() @IsInt32({ min: 1 })
  operatorCode?: number;

  @ApiPropertyOptional({ description: 'Source IP addresses the user may call from; any when omitted', type: [String] })
  @IysCode({ ...REQUIRED, isIpOrCidr: 'H646' }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @IsIpOrCidr({ each: true })
  allowedIps?: string[];
}

/** A retailer's API user: the provider (or the administrator) creates it for one of its retailers. */
export class CreateRetailerUserDto {
  @ApiProperty({ example: 'sisli-magazasi' })
  @IysCode(REQUIRED) @IsString()
  username!: string;

  @ApiProperty({ minLength: 12 })
  @IysCode(REQUIRED) @IsString()
  password!: string;

  @ApiPropertyOptional({ description: 'Source IP addresses the user may call from; any when omitted', type: [String] })
  @IysCode({ ...REQUIRED, isIpOrCidr: 'H646' }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @IsIpOrCidr({ each: true })
  allowedIps?: string[];
}
