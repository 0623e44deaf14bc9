/**
 * Test-only DTOs shaped like the real İYS bodies (C1 consent, R1 retailer). Not exported from the
 * package: the consent and dealer contexts own the real ones.
 */
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IysCode, IysDto, ToInteger } from './iys-code.decorator.js';
import { registerIysCodes } from './iys-codes.js';

registerIysCodes({
  H085: { status: 400, message: 'İzin ekleme isteği geçerli olmalıdır.' },
  H110: { status: 422, message: 'Durum (status) bulunamadı.' },
  H111: { status: 422, message: 'İzin tipi (type) bulunamadı.' },
  H114: { status: 422, message: 'Alıcı (recipient) bulunamadı.' },
  H115: { status: 422, message: 'Durum (status) için uygun değerler: ONAY, RET' },
  H116: { status: 422, message: 'Alıcı tipi (recipientType) için uygun değerler: BIREYSEL, TACIR' },
  H117: { status: 422, message: 'İzin tipi (type) için uygun değerler: ARAMA, MESAJ, EPOSTA' },
  H119: {
    status: 422,
    message:
      'İzin kaynağı (source) için uygun değerler: HS_FIZIKSEL_ORTAM, HS_ISLAK_IMZA, HS_WEB, HS_CAGRI_MERKEZI, HS_SOSYAL_MEDYA, HS_EPOSTA, HS_MESAJ, HS_MOBIL, HS_EORTAM, HS_ETKINLIK, HS_2015, HS_ATM, HS_KARAR',
  },
  H122: {
    status: 422,
    message: 'Alıcı (recipient) için uygun bir telefon numarası ya da geçerli bir e-posta adresi girilmelidir.',
  },
  H125: { status: 422, message: 'Tek seferde eklenecek izin sayısı en fazla 1000 olmalıdır.' },
  H158: { status: 422, message: 'İzin tarihi yyyy-mm-dd hh:mm:ss formatında olmalıdır.' },
  H170: { status: 422, message: 'Alıcı tipi (recipientType) bulunamadı.' },
});

export const SOURCES = [
  'HS_FIZIKSEL_ORTAM', 'HS_ISLAK_IMZA', 'HS_WEB', 'HS_CAGRI_MERKEZI', 'HS_SOSYAL_MEDYA', 'HS_EPOSTA', 'HS_MESAJ',
  'HS_MOBIL', 'HS_EORTAM', 'HS_ETKINLIK', 'HS_2015', 'HS_ATM', 'HS_KARAR',
];
const PHONE_OR_EMAIL = /^(\+\d{10,14}|[^\s@]+@[^\s@]{2,}\.[^\s@]{2,})$/;

/** C1 body; properties in the order İYS lists them in its H118 message. */
@IysDto({ invalidBody: 'H085' })
export class ConsentProbeDto {
  @IsDefined() @IsIn(['BIREYSEL', 'TACIR'])
  @IysCode({ missing: 'H170', invalid: 'H116', echoValue: true })
  recipientType: string;

  // No mapping on purpose: its problems fall back to H603.
  @IsOptional() @IsArray() @IsInt({ each: true })
  retailerAccess?: number[];

  @IsDefined() @IsString() @Matches(PHONE_OR_EMAIL)
  @IysCode({ missing: 'H114', invalid: 'H122' })
  recipient: string;

  @IsOptional() @IsInt()
  retailerCode?: number;

  @IsOptional() @IsIn(SOURCES)
  @IysCode({ invalid: 'H119', echoValue: true })
  source?: string;

  @IsDefined() @IsIn(['ARAMA', 'MESAJ', 'EPOSTA'])
  @IysCode({ isDefined: 'H111', isIn: 'H117', echoValue: true })
  type: string;

  @IsOptional() @IsString() @Matches(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  @IysCode({ invalid: 'H158' })
  consentDate?: string;

  @IsDefined() @IsIn(['ONAY', 'RET'])
  @IysCode({ missing: 'H110', invalid: 'H115', echoValue: true })
  status: string;
}

export class CityProbeDto {
  @IsDefined() @IsString()
  name: string;

  @IsDefined() @IsString() @Matches(/^\d{2}$/)
  code: string;
}

export class BranchProbeDto {
  @IsDefined() @IsString()
  alias: string;
}

/** R1-like body with a nested object and an array of nested objects. */
export class RetailerProbeDto {
  @IsDefined() @IsString()
  title: string;

  @IsDefined() @IsObject() @ValidateNested() @Type(() => CityProbeDto)
  city: CityProbeDto;

  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => BranchProbeDto)
  branches?: BranchProbeDto[];
}

/** A query object: strings from the URL turned into integers. */
export class SearchProbeQuery {
  @IsOptional() @ToInteger() @IsInt() @Min(0)
  @IysCode({ invalid: 'H182', echoValue: true })
  offset?: number;

  @IsOptional() @ToInteger() @IsInt() @Min(1) @Max(100)
  @IysCode({ invalid: 'H183', max: 'H186', echoValue: true })
  limit?: number;
}
