import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowRoles, IysValidationPipe } from '@iys/platform/nest';
import { ConsentAuditService } from '../../application/audit/consent-audit.service.js';
import type { AuditAsOf, AuditHistory } from '../../application/audit/consent-audit.types.js';
import { AuditAsOfDto, AuditHistoryDto } from './dto/audit.request.dto.js';

/**
 * The consent audit for Ministry auditors (`authority`) and administrators. POST with the address in
 * the body: an address is personal data and must not appear in a URL (access logs, proxies). Nothing
 * here logs the request body.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(@Inject(ConsentAuditService) private readonly audit: ConsentAuditService) {}

  @Post('history')
  @HttpCode(200)
  @AllowRoles('authority', 'admin')
  @ApiOperation({ summary: "Every consent of an address across providers and brands, each change in order, with each stream's hash-chain check" })
  history(@Body(new IysValidationPipe(AuditHistoryDto)) body: AuditHistoryDto): Promise<AuditHistory> {
    return this.audit.history(body.recipient);
  }

  @Post('as-of')
  @HttpCode(200)
  @AllowRoles('authority', 'admin')
  @ApiOperation({ summary: 'A consent’s state as the registry knew it at a past instant (by recording time), with the events and chain hashes it rests on' })
  asOf(@Body(new IysValidationPipe(AuditAsOfDto)) body: AuditAsOfDto): Promise<AuditAsOf> {
    return this.audit.asOf({ recipient: body.recipient, brandCode: body.brandCode, type: body.type, recipientType: body.recipientType, at: body.at });
  }
}
