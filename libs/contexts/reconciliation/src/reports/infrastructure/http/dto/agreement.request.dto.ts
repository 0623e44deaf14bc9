import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsIn } from 'class-validator';
import { IysCode, IysDto } from '@iys/platform/nest';

/** İYS M3 body: `{ "agreementStatus": true }`; only `true` (H512), no other field (H118). */
@IysDto({})
export class CaptureAgreementDto {
  @ApiProperty({ enum: [true], example: true })
  @IysCode({ missing: 'H512', invalid: 'H512' }) @IsDefined() @IsIn([true])
  agreementStatus!: true;
}
