import { ApiProperty } from '@nestjs/swagger';
import type { ServiceProviderContracts } from '@iys/contracts';
import type { AuthorisedBrand, AuthorisedProvider } from '../../../application/queries/list-integrator-providers/list-integrator-providers.handler.js';
import type { SenderExemptionView } from '../../../application/queries/list-sender-exemptions/list-sender-exemptions.handler.js';
import { EXEMPTION_KINDS } from '../../../domain/sender-exemption.decider.js';
import { ExemptSenderDto, RegistrationNumberDto } from './sender-exemption.request.dto.js';
import { SENDER_CHANNELS } from '../../../domain/sender-identity.js';

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

class ConsentCountsDto {
  @ApiProperty() approval!: number;
  @ApiProperty() rejection!: number;
  @ApiProperty() total!: number;
}

class RetailerCountsDto {
  @ApiProperty() total!: number;
}

class BrandStatsDto {
  @ApiProperty({ type: ConsentCountsDto }) consents!: ConsentCountsDto;
  @ApiProperty({ type: RetailerCountsDto }) retailers!: RetailerCountsDto;
}

/** B1: one brand of the provider with its counts. */
export class BrandListItemDto {
  @ApiProperty({ example: 700001 }) brandCode!: number;
  @ApiProperty({ example: 'ÖRNEK' }) name!: string;
  @ApiProperty() master!: boolean;
  @ApiProperty({ type: BrandStatsDto }) stats!: BrandStatsDto;
}

/** `GET /admin/applications`: one application. */
export class ApplicationListItemDto {
  @ApiProperty() applicationId!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status!: string;
  @ApiProperty() title!: string;
  @ApiProperty() mersis!: string;
  @ApiProperty({ type: [String] }) brands!: string[];
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ type: Number, nullable: true }) iysCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) rejectionReason!: string | null;
}

/** `POST /admin/applications/{applicationId}/reject` answer. */
export class ApplicationRejectedDto {
  @ApiProperty() applicationId!: string;
  @ApiProperty({ enum: ['rejected'] }) status!: string;
}

/** A sender identity of a brand (SMS header, calling number or e-mail domain), normalised. */
export class RegisteredSenderDto {
  @ApiProperty({ enum: SENDER_CHANNELS }) channel!: string;
  @ApiProperty({ example: 'ORNEKTCRT' }) senderId!: string;
}

/** `PUT /admin/service-providers/{iysCode}/activation-date` answer (ISO 8601, the admin API's dates). */
export class ActivationDateSetDto {
  @ApiProperty() iysCode!: number;
  @ApiProperty({ example: '2026-12-01T00:00:00.000Z' }) activationDate!: string;
}

/** `POST /admin/service-providers/{iysCode}/brands` answer. */
export class BrandAddedDto {
  @ApiProperty() brandCode!: number;
}

/** `DELETE /admin/service-providers/{iysCode}/brands/{brandCode}` answer. */
export class BrandDeactivatedDto {
  @ApiProperty() brandCode!: number;
  @ApiProperty({ enum: [false] }) active!: false;
}

/** `POST /admin/integrators` answer. */
export class IntegratorRegisteredDto {
  @ApiProperty() integratorCode!: number;
}

/** `PUT /sps/{iysCode}/integrators/{integratorCode}` answer. */
export class IntegratorAuthorisedDto {
  @ApiProperty({ example: 700001 }) iysCode!: number;
  @ApiProperty({ example: 900001 }) integratorCode!: number;
}

/** `DELETE /sps/{iysCode}/integrators/{integratorCode}` answer. */
export class IntegratorRevokedDto extends IntegratorAuthorisedDto {
  @ApiProperty({ enum: [true] }) revoked!: true;
}

/** B3: a brand with the integrator's rights on it, per consent type. */
export class AuthorisedBrandDto implements AuthorisedBrand {
  @ApiProperty({ example: 700001 }) brandCode!: number;
  @ApiProperty({ example: 'ÖRNEK' }) name!: string;
  @ApiProperty() master!: boolean;
  @ApiProperty() agreementControl!: boolean;
  @ApiProperty({ enum: ['write', 'none'] }) MESAJ!: 'write' | 'none';
  @ApiProperty({ enum: ['write', 'none'] }) ARAMA!: 'write' | 'none';
  @ApiProperty({ enum: ['write', 'none'] }) EPOSTA!: 'write' | 'none';
}

/** B2: a provider that authorised the integrator. */
export class AuthorisedProviderDto implements AuthorisedProvider {
  @ApiProperty({ example: 'ÖRNEK TİCARET A.Ş.' }) title!: string;
  @ApiProperty({ example: 700001 }) iysCode!: number;
  @ApiProperty({ type: [AuthorisedBrandDto] }) brands!: AuthorisedBrandDto[];
}

/** B2 answer. */
export class AuthorisedProvidersDto {
  @ApiProperty({ type: [AuthorisedProviderDto] }) list!: AuthorisedProviderDto[];
}

/** An exempt sender (ISO 8601 instants, the admin API's dates). */
export class SenderExemptionDto implements SenderExemptionView {
  @ApiProperty({ example: '2f9c1e0a-7b44-4c1e-9d0a-1b2c3d4e5f60' }) exemptionId!: string;
  @ApiProperty({ example: 'ÖRNEK DERNEĞİ' }) organisation!: string;
  @ApiProperty({ enum: EXEMPTION_KINDS }) kind!: ServiceProviderContracts.ExemptionKind;
  @ApiProperty({ type: RegistrationNumberDto }) registrationNumber!: RegistrationNumberDto;
  @ApiProperty({ type: [ExemptSenderDto] }) senders!: ExemptSenderDto[];
  @ApiProperty({ example: '2026-12-01T00:00:00.000Z' }) validFrom!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) validTo!: string | null;
  @ApiProperty({ example: '5253 sayılı Dernekler Kanunu' }) legalBasis!: string;
}

/** `POST /admin/sender-exemptions` answer. */
export class SenderExemptionGrantedDto {
  @ApiProperty({ example: '2f9c1e0a-7b44-4c1e-9d0a-1b2c3d4e5f60' }) exemptionId!: string;
}

/** `POST /admin/sender-exemptions/{exemptionId}/end` answer. */
export class SenderExemptionEndedDto extends SenderExemptionGrantedDto {
  @ApiProperty({ example: '2026-12-31T21:00:00.000Z' }) validTo!: string;
}
