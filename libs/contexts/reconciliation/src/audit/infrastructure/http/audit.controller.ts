import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowRoles, ApiIysCodes, IysValidationPipe, ReplicaRead } from '@iys/platform/nest';
import { AuditAsOfAnswerDto, AuditHistoryAnswerDto } from './dto/audit.response.dto.js';
import { QueryBus } from '@nestjs/cqrs';
import { AuditAsOfQuery } from '../../application/queries/audit-as-of/audit-as-of.query.js';
import { AuditHistoryQuery } from '../../application/queries/audit-history/audit-history.query.js';
import type { AuditAsOf, AuditHistory } from '../../application/consent-audit.types.js';
import { AuditAsOfDto, AuditHistoryDto } from './dto/audit.request.dto.js';

/** The as-of answer's inclusion proofs, for the OpenAPI description (also in the context README). */
const AS_OF_DESCRIPTION = [
  '`proof` lists every event of the consent recorded up to `at` (creationDate ≤ `at`, Europe/Istanbul), each with',
  'its chain hash `hash`; `chain` re-checks the whole stream. `inclusionProofs` has one entry per `proof` event, same',
  'order: `{ transactionId, inclusion }`, where `inclusion.status` is',
  '',
  '- `included`: the event is in the signed daily snapshot of its day (the Istanbul day of its creationDate):',
  '  `{ day, leafIndex, leafCount, auditPath, iysCode, brandCode, brandRoot, brandIndex, brandCount, brandPath,',
  '  registryRoot, signedMessage, signature, publicKeyId }`. To verify: start from `SHA-256(0x00 ‖ hash)` and fold',
  '  `auditPath` (each step `{ position, hash }`, hex: `left` → `SHA-256(0x01 ‖ step ‖ running)`, `right` →',
  '  `SHA-256(0x01 ‖ running ‖ step)`); the result must be `brandRoot`. Then from `SHA-256(0x00 ‖ brandRoot)` fold',
  '  `brandPath` to `registryRoot`. `signedMessage` must read `iys-daily-snapshot/v1\\n<day>\\n<registryRoot>`, and',
  '  `signature` (base64 Ed25519) must verify over its UTF-8 bytes with the key of `publicKeyId`',
  '  (`GET /reconciliation/signing-key`, or the snapshot itself at `GET /reconciliation/snapshots/{day}`).',
  '- `pending-snapshot` `{ day }`: that day has no signed snapshot yet (today, or not taken yet); ask again later.',
  '- `unverifiable` `{ day, reason }`: the day is signed but this event cannot be proven against it —',
  '  `not-in-snapshot`, `brand-root-mismatch` (the brand’s events of that day no longer give the signed root: an',
  '  event was altered, or an erasure removed rows of that day since) or `snapshot-mismatch`.',
].join('\n');

/**
 * The consent audit for Ministry auditors (`authority`) and administrators. POST with the address in
 * the body: an address is personal data and must not appear in a URL (access logs, proxies). Nothing
 * here logs the request body.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Post('history')
  @HttpCode(200)
  @AllowRoles('authority', 'admin')
  @ReplicaRead('Each stream\'s chain is checked against the same replica\'s rows; a consent changed in the last moments may appear in its previous state.')
  @ApiOperation({ summary: "Every consent of an address across providers and brands, each change in order, with each stream's hash-chain check" })
  @ApiOkResponse({ type: AuditHistoryAnswerDto })
  @ApiIysCodes('H120', 'H121')
  history(@Body(new IysValidationPipe(AuditHistoryDto)) body: AuditHistoryDto): Promise<AuditHistory> {
    return this.queries.execute(new AuditHistoryQuery(body.recipient));
  }

  @Post('as-of')
  @HttpCode(200)
  @AllowRoles('authority', 'admin')
  @ApiOperation({
    summary: 'A consent’s state as the registry knew it at a past instant (by recording time), with the events and chain hashes it rests on',
    description: AS_OF_DESCRIPTION,
  })
  @ApiOkResponse({ type: AuditAsOfAnswerDto })
  @ApiIysCodes('H120', 'H121', 'H157')
  asOf(@Body(new IysValidationPipe(AuditAsOfDto)) body: AuditAsOfDto): Promise<AuditAsOf> {
    return this.queries.execute(new AuditAsOfQuery(body.recipient, body.brandCode, body.type, body.recipientType, body.at));
  }
}
