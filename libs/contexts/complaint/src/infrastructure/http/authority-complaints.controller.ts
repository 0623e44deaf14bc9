import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Principal } from '@iys/platform/building-blocks';
import { AllowRoles, ApiIysCodes, CurrentPrincipal, IysValidationPipe } from '@iys/platform/nest';
import { AssignAuthorityScopeCommand } from '../../application/commands/assign-authority-scope/assign-authority-scope.command.js';
import { AssignInspectorCommand } from '../../application/commands/assign-inspector/assign-inspector.command.js';
import { CloseComplaintCommand } from '../../application/commands/close-complaint/close-complaint.command.js';
import { DecideComplaintCommand } from '../../application/commands/decide-complaint/decide-complaint.command.js';
import { RequestDefenseCommand } from '../../application/commands/request-defense/request-defense.command.js';
import { ResolveSenderCommand } from '../../application/commands/resolve-sender/resolve-sender.command.js';
import { AttachmentVault } from '../../application/attachment-vault.js';
import { ComplaintAccess } from '../../application/complaint-access.js';
import { complaintStatsCsv, type ComplaintStats } from '../../application/queries/get-complaint-stats/get-complaint-stats.handler.js';
import { GetComplaintStatsQuery } from '../../application/queries/get-complaint-stats/get-complaint-stats.query.js';
import { CheckEvidenceQuery } from '../../application/queries/check-evidence/check-evidence.query.js';
import { GetComplaintQuery } from '../../application/queries/get-complaint/get-complaint.query.js';
import { ListComplaintQueueQuery } from '../../application/queries/list-complaint-queue/list-complaint-queue.query.js';
import { DEFAULT_DEFENSE_DAYS } from '../../domain/complaint.decider.js';
import { complaintError } from '../../domain/complaint.errors.js';
import { requireEmptyBody, queueFilter } from './complaint-http.js';
import { ATTACHMENT_CONTENT, AuthorityScopeSetDto, ComplaintDetailDto, ComplaintQueueDto, ComplaintStatsDto, ComplaintStepDto, EvidenceCheckDto } from './dto/complaint.response.dto.js';
import { AssignInspectorDto, AuthorityScopeDto, ComplaintDecisionDto, DefenseRequestDto, QueueQuery, ResolveSenderDto, StatsQuery } from './dto/complaint.request.dto.js';

interface Reply {
  header(name: string, value: string): unknown;
}

/** The authority (Ministry of Trade, provincial directorates): queue, detail, defense, decision, statistics. */
@ApiTags('complaints')
@ApiBearerAuth()
@AllowRoles('authority')
@ApiIysCodes('H783')
@Controller('complaints')
export class AuthorityComplaintsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(AttachmentVault) private readonly files: AttachmentVault,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The queue within my scope: filter, page, sort' })
  @ApiOkResponse({ type: ComplaintQueueDto })
  @ApiIysCodes('H786')
  queue(@CurrentPrincipal() principal: Principal, @Query(new IysValidationPipe(QueueQuery)) query: QueueQuery) {
    return this.queries.execute(new ListComplaintQueueQuery({ kind: 'authority', principal }, queueFilter(query)));
  }

  @Get('stats')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Complaints per provider, brand and month; justified share; median days to decision; check-step deflection' })
  @ApiExtraModels(ComplaintStatsDto)
  @ApiOkResponse({ content: { 'application/json': { schema: { $ref: getSchemaPath(ComplaintStatsDto) } }, 'text/csv': { schema: { type: 'string' } } } })
  @ApiIysCodes('H790')
  async stats(@CurrentPrincipal() principal: Principal, @Query(new IysValidationPipe(StatsQuery)) query: StatsQuery, @Res({ passthrough: true }) reply: Reply) {
    const stats: ComplaintStats = await this.queries.execute(new GetComplaintStatsQuery(principal));
    if (query.format !== 'csv') return stats;
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', 'attachment; filename="sikayet-istatistikleri.csv"');
    return complaintStatsCsv(stats);
  }

  @Get(':complaintId')
  @ApiOperation({ summary: 'One complaint: content, attachments, consent as of the message time with proofs, history, defense, decision' })
  @ApiOkResponse({ type: ComplaintDetailDto })
  @ApiIysCodes('H774')
  get(@CurrentPrincipal() principal: Principal, @Param('complaintId') complaintId: string) {
    return this.queries.execute(new GetComplaintQuery(complaintId, { kind: 'authority', principal }));
  }

  @Get(':complaintId/evidence/verification')
  @ApiOperation({
    summary: 'Re-check the stored consent evidence now: its inclusion proofs recomputed, the registry asked again; mismatches H792 (stored proof), H793 (record), H794 (signed snapshot)',
  })
  @ApiOkResponse({ type: EvidenceCheckDto })
  @ApiIysCodes('H774', 'H795')
  verifyEvidence(@CurrentPrincipal() principal: Principal, @Param('complaintId') complaintId: string) {
    return this.queries.execute(new CheckEvidenceQuery(principal, complaintId));
  }

  @Get(':complaintId/attachments/:attachmentId')
  @ApiOperation({ summary: 'An attachment of the complaint (the complainant’s or the provider’s)' })
  @ApiOkResponse({ description: 'The file', content: ATTACHMENT_CONTENT })
  @ApiIysCodes('H774')
  async attachment(@CurrentPrincipal() principal: Principal, @Param('complaintId') complaintId: string, @Param('attachmentId') attachmentId: string, @Res({ passthrough: true }) reply: Reply) {
    const row = await this.access.forAuthority(principal, complaintId);
    const file = await this.files.open(row.complaint_id, attachmentId);
    if (!file) throw complaintError('H774', ['attachmentId']);
    reply.header('content-type', file.contentType);
    return file.bytes;
  }

  @Post(':complaintId/sender')
  @HttpCode(200)
  @ApiOperation({ summary: 'Tie an unresolved sender to a brand; the consent evidence and assessment follow' })
  @ApiOkResponse({ type: ComplaintStepDto })
  @ApiIysCodes('H774', 'H778', 'H788', 'H789')
  resolveSender(@CurrentPrincipal() principal: Principal, @Param('complaintId') complaintId: string, @Body(new IysValidationPipe(ResolveSenderDto)) body: ResolveSenderDto) {
    return this.commands.execute(new ResolveSenderCommand(principal, complaintId, body.brandCode));
  }

  @Post(':complaintId/inspector')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign the complaint to an inspector' })
  @ApiOkResponse({ type: ComplaintStepDto })
  @ApiIysCodes('H774', 'H778', 'H796')
  assign(@CurrentPrincipal() principal: Principal, @Param('complaintId') complaintId: string, @Body(new IysValidationPipe(AssignInspectorDto)) body: AssignInspectorDto) {
    return this.commands.execute(new AssignInspectorCommand(principal, complaintId, body.inspectorId.toLowerCase()));
  }

  @Post(':complaintId/defense-request')
  @HttpCode(200)
  @ApiOperation({ summary: "Ask the provider for its defense, due in deadlineDays (default 15)" })
  @ApiOkResponse({ type: ComplaintStepDto })
  @ApiIysCodes('H774', 'H778', 'H779', 'H780')
  requestDefense(@CurrentPrincipal() principal: Principal, @Param('complaintId') complaintId: string, @Body(new IysValidationPipe(DefenseRequestDto)) body: DefenseRequestDto) {
    return this.commands.execute(new RequestDefenseCommand(principal, complaintId, body.deadlineDays ?? DEFAULT_DEFENSE_DAYS));
  }

  @Post(':complaintId/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decide: JUSTIFIED (fine and legal basis), UNJUSTIFIED, NOT_COMPETENT or MERGED' })
  @ApiOkResponse({ type: ComplaintStepDto })
  @ApiIysCodes('H774', 'H778', 'H782')
  decide(@CurrentPrincipal() principal: Principal, @Param('complaintId') complaintId: string, @Body(new IysValidationPipe(ComplaintDecisionDto)) body: ComplaintDecisionDto) {
    return this.commands.execute(new DecideComplaintCommand(principal, complaintId, body));
  }

  @Post(':complaintId/closure')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a decided complaint (its file is complete)' })
  @ApiBody({ required: false, schema: { type: 'object', maxProperties: 0 }, description: 'No fields: no body or {}' })
  @ApiOkResponse({ type: ComplaintStepDto })
  @ApiIysCodes('H760', 'H774', 'H778', 'H791')
  close(@CurrentPrincipal() principal: Principal, @Param('complaintId') complaintId: string, @Body() body: unknown) {
    requireEmptyBody(body);
    return this.commands.execute(new CloseComplaintCommand(principal, complaintId));
  }
}

/** The registry administrator scopes authority users to the ministry or one province. */
@ApiTags('admin')
@ApiBearerAuth()
@AllowRoles('admin')
@Controller('admin/complaint-scopes')
export class ComplaintScopesController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Put(':userId')
  @ApiOperation({ summary: "Set an authority user's complaint scope: MINISTRY, or PROVINCE with a plate code" })
  @ApiOkResponse({ type: AuthorityScopeSetDto })
  @ApiIysCodes('H784')
  assign(@CurrentPrincipal() admin: Principal, @Param('userId') userId: string, @Body(new IysValidationPipe(AuthorityScopeDto)) body: AuthorityScopeDto) {
    if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(userId)) throw complaintError('H784', ['userId']);
    if ((body.scope === 'PROVINCE') !== (body.province !== undefined)) throw complaintError('H784', ['province']);
    return this.commands.execute(new AssignAuthorityScopeCommand(admin, userId, body.scope === 'PROVINCE' ? body.province! : null));
  }
}
