import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IysCode, IysDto } from '@iys/platform/nest';
import { CONSENT_TYPES, RECIPIENT_TYPES, type ConsentType, type RecipientType } from '../../../domain/consent.events.js';

/** İYS lists of RA1–RA5 take at most 100 recipients and 100 retailers (H126, H127). */
export const MAX_ACCESS_LIST = 100;

/** `invalid`: the route's "invalid request" code (H171 grant, H172 remove, H173 query). */
const RecipientField = () =>
  applyDecorators(
    ApiProperty({ example: '+905321234567' }),
    IysCode({ missing: 'H114', invalid: 'H122' }),
    IsDefined(),
    IsString(),
    MaxLength(265),
  );
const RecipientsField = (invalid: string) =>
  applyDecorators(
    ApiProperty({ type: [String], maxItems: MAX_ACCESS_LIST, example: ['+905321234567'] }),
    IysCode({ missing: 'H168', arrayMinSize: 'H164', arrayMaxSize: 'H127', invalid }),
    IsDefined(),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_ACCESS_LIST),
    IsString({ each: true }),
    MaxLength(265, { each: true }),
  );
const RecipientTypeField = () =>
  applyDecorators(ApiProperty({ enum: RECIPIENT_TYPES }), IysCode({ missing: 'H170', invalid: 'H116', echoValue: true }), IsDefined(), IsIn(RECIPIENT_TYPES));
const TypeField = () => applyDecorators(ApiProperty({ enum: CONSENT_TYPES }), IysCode({ missing: 'H111', invalid: 'H117', echoValue: true }), IsDefined(), IsIn(CONSENT_TYPES));
const RetailerAccessField = (invalid: string) =>
  applyDecorators(
    ApiProperty({ type: [Number], maxItems: MAX_ACCESS_LIST, example: [10000001] }),
    IysCode({ missing: 'H169', arrayMinSize: 'H163', arrayMaxSize: 'H126', invalid }),
    IsDefined(),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_ACCESS_LIST),
    IsInt({ each: true }),
    Min(1, { each: true }),
    Max(2_147_483_647, { each: true }),
  );

/** RA1 body. */
@IysDto({ invalidBody: 'H171' })
export class GrantRetailerAccessDto {
  @RecipientField() recipient!: string;
  @RecipientTypeField() recipientType!: RecipientType;
  @TypeField() type!: ConsentType;
  @RetailerAccessField('H171') retailerAccess!: number[];
}

/** RA2 body. */
@IysDto({ invalidBody: 'H171' })
export class ReplaceRetailerAccessDto {
  @RecipientsField('H171') recipients!: string[];
  @RecipientTypeField() recipientType!: RecipientType;
  @TypeField() type!: ConsentType;
  @RetailerAccessField('H171') retailerAccess!: number[];
}

/** RA4 body. */
@IysDto({ invalidBody: 'H172' })
export class RemoveRetailerAccessDto {
  @RecipientsField('H172') recipients!: string[];
  @RecipientTypeField() recipientType!: RecipientType;
  @TypeField() type!: ConsentType;
  @RetailerAccessField('H172') retailerAccess!: number[];
}

/** RA5 body. */
@IysDto({ invalidBody: 'H172' })
export class RemoveAllRetailerAccessDto {
  @RecipientsField('H172') recipients!: string[];
  @RecipientTypeField() recipientType!: RecipientType;
  @TypeField() type!: ConsentType;
}

/** RA3 body. */
@IysDto({ invalidBody: 'H173' })
export class RetailerAccessQueryDto {
  @RecipientField() recipient!: string;
  @RecipientTypeField() recipientType!: RecipientType;
  @TypeField() type!: ConsentType;
}
