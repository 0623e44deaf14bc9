import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsDefined, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { IysCode, IysDto } from '@iys/platform/nest';

/** An İl or İlçe by its code (string or number); the name is informative. */
const PLACE: ApiPropertyOptions = {
  type: 'object',
  required: ['code'],
  selfRequired: true,
  properties: { name: { type: 'string' }, code: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
};

/** İYS R1 body (iys-api.md §3.10): exactly these fields (any other is H118). Lengths bounded here, rules in the domain. */
@IysDto({ invalidBody: 'H090' })
export class AddRetailerDto {
  @ApiProperty({ example: 'ÖRNEK GIDA TİCARET LTD. ŞTİ.', maxLength: 255 })
  @IysCode({ missing: 'H700', invalid: 'H700' }) @IsDefined() @IsString() @MaxLength(255)
  title!: string;

  @ApiProperty({ example: '0015001526400496' })
  @IysCode({ missing: 'H701', invalid: 'H701' }) @IsDefined() @IsString() @MaxLength(16)
  mersis!: string;

  @ApiProperty({ example: 'ŞİŞLİ MAĞAZASI', maxLength: 255 })
  @IysCode({ missing: 'H702', invalid: 'H702' }) @IsDefined() @IsString() @MaxLength(255)
  alias!: string;

  @ApiProperty({ example: 'Ayşe Yılmaz', description: "The authorised person's full name" })
  @IysCode({ missing: 'H703', invalid: 'H703' }) @IsDefined() @IsString() @MaxLength(255)
  name!: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'integer' }], example: '10000000146', description: 'T.C. kimlik numarası (string or number)' })
  @IysCode({ missing: 'H704', invalid: 'H704' }) @IsDefined()
  tckn!: string | number;

  @ApiProperty({ example: '+905321234567' })
  @IysCode({ missing: 'H705', invalid: 'H705' }) @IsDefined() @IsString() @MaxLength(20)
  mobile!: string;

  @ApiProperty({ ...PLACE, example: { name: 'İstanbul', code: '34' }, description: 'İl: a plate code of GET /info/cities' })
  @IysCode({ missing: 'H706', invalid: 'H706' }) @IsDefined() @IsObject()
  city!: { name?: string; code: string | number };

  @ApiProperty({ ...PLACE, example: { name: 'Şişli', code: '1663' }, description: 'İlçe: a code of GET /info/towns?cityCode=' })
  @IysCode({ missing: 'H707', invalid: 'H707' }) @IsDefined() @IsObject()
  town!: { name?: string; code: string | number };

  @ApiPropertyOptional({ enum: ['active', 'passive', 'pending'], description: 'Default active' })
  @IysCode({ invalid: 'H708', echoValue: true }) @IsOptional() @IsString()
  status?: string;
}
