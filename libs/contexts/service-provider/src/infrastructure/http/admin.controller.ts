import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { formatIysDateTime, type Principal } from '@iys/platform/building-blocks';
import { AllowRoles, ApiIysErrorMap, CurrentPrincipal, IntegerParamPipe, IysHttpException, iysErrorItem, IysValidationPipe, parseAdminInstant } from '@iys/platform/nest';
import { ApproveApplicationCommand } from '../../application/commands/approve-application/approve-application.command.js';
import type { Approval } from '../../application/commands/approve-application/approve-application.handler.js';
import { RejectApplicationCommand } from '../../application/commands/reject-application/reject-application.command.js';
import { SetActivationDateCommand } from '../../application/commands/set-activation-date/set-activation-date.command.js';
import type { ApplicationListItem } from '../../application/queries/list-applications/list-applications.handler.js';
import { ListApplicationsQuery } from '../../application/queries/list-applications/list-applications.query.js';
import { AddBrandDto, ApproveApplicationDto, RegisterIntegratorDto, RejectApplicationDto, SetActivationDateDto } from './dto/service-provider.request.dto.js';
import { ActivationDateSetDto, BrandAddedDto, BrandDeactivatedDto, IntegratorRegisteredDto, ApplicationListItemDto, ApplicationRejectedDto, ApprovalDto } from './dto/service-provider.response.dto.js';
import { RegisterIntegratorCommand } from '../../application/commands/register-integrator/register-integrator.command.js';
import { AddBrandCommand } from '../../application/commands/add-brand/add-brand.command.js';
import { DeactivateBrandCommand } from '../../application/commands/deactivate-brand/deactivate-brand.command.js';

const APPLICATION_ID = new ParseUUIDPipe({ exceptionFactory: () => new IysHttpException(404, [iysErrorItem('H616')]) });

/** A validated optional admin instant as the ISO string commands carry; null (which @IsOptional lets through) is absent too. */
const instantOrUndefined = (value: string | null | undefined) => (value === undefined || value === null ? undefined : parseAdminInstant(value)!.toISOString());

/** The registry administrator's API: review applications, set activation dates, brands and integrators. (Users: @iys/identity-access.) */
@ApiTags('admin')
@ApiBearerAuth()
@AllowRoles('admin')
@Controller('admin')
export class AdminController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Get('applications')
  @ApiOperation({ summary: 'Applications, optionally by status' })
  @ApiOkResponse({ type: [ApplicationListItemDto] })
  @ApiIysErrorMap({ 403: ['H363'], 422: ['H628'] })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'approved', 'rejected'] })
  applications(@Query('status') status?: string): Promise<ApplicationListItem[]> {
    const filter = status === 'pending' || status === 'approved' || status === 'rejected' ? status : undefined;
    if (status !== undefined && !filter) throw new IysHttpException(422, [iysErrorItem('H628', { location: ['status'] })]);
    return this.queries.execute(new ListApplicationsQuery(filter));
  }

  @Post('applications/:applicationId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve: issues the iysCode and a brandCode per brand (no body, or `{}`, takes every default)' })
  @ApiOkResponse({ type: ApprovalDto })
  @ApiIysErrorMap({ 400: ['H603'], 403: ['H363'], 404: ['H616'], 409: ['H615'], 422: ['H118', 'H628'] })
  async approve(
    @Param('applicationId', APPLICATION_ID) applicationId: string,
    @Body(new IysValidationPipe(ApproveApplicationDto, { absentBodyIsEmpty: true })) body: ApproveApplicationDto,
    @CurrentPrincipal() admin: Principal,
  ): Promise<Approval> {
    const approval: Approval = await this.commands.execute(new ApproveApplicationCommand(applicationId, admin.userId, instantOrUndefined(body.activationDate)));
    return { ...approval, activationDate: formatIysDateTime(new Date(approval.activationDate)) };
  }

  @Post('applications/:applicationId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject with a reason' })
  @ApiOkResponse({ type: ApplicationRejectedDto })
  @ApiIysErrorMap({ 400: ['H603'], 403: ['H363'], 404: ['H616'], 409: ['H615'], 422: ['H118', 'H628'] })
  async reject(
    @Param('applicationId', APPLICATION_ID) applicationId: string,
    @Body(new IysValidationPipe(RejectApplicationDto)) body: RejectApplicationDto,
    @CurrentPrincipal() admin: Principal,
  ): Promise<{ applicationId: string; status: 'rejected' }> {
    await this.commands.execute(new RejectApplicationCommand(applicationId, body.reason, admin.userId));
    return { applicationId, status: 'rejected' };
  }

  @Put('service-providers/:iysCode/activation-date')
  @ApiOperation({ summary: "Change a provider's activation date" })
  @ApiOkResponse({ type: ActivationDateSetDto })
  @ApiIysErrorMap({ 400: ['H603'], 403: ['H363'], 404: ['H600', 'H616'], 422: ['H118', 'H190', 'H628'] })
  async setActivationDate(
    @Param('iysCode', new IntegerParamPipe('H190')) iysCode: number,
    @Body(new IysValidationPipe(SetActivationDateDto)) body: SetActivationDateDto,
    @CurrentPrincipal() admin: Principal,
  ): Promise<{ iysCode: number; activationDate: string }> {
    const activation = parseAdminInstant(body.activationDate)!; // validated above
    await this.commands.execute(new SetActivationDateCommand(iysCode, activation.toISOString(), admin.userId));
    return { iysCode, activationDate: formatIysDateTime(activation) };
  }

  @Post('service-providers/:iysCode/brands')
  @ApiOperation({ summary: 'Add a brand to a provider: issues its brandCode' })
  @ApiCreatedResponse({ type: BrandAddedDto })
  @ApiIysErrorMap({ 400: ['H603'], 403: ['H363'], 404: ['H600', 'H616'], 422: ['H118', 'H190', 'H618', 'H628'] })
  addBrand(
    @Param('iysCode', new IntegerParamPipe('H190')) iysCode: number,
    @Body(new IysValidationPipe(AddBrandDto)) body: AddBrandDto,
    @CurrentPrincipal() admin: Principal,
  ): Promise<{ brandCode: number }> {
    return this.commands.execute(new AddBrandCommand(iysCode, body.name, admin.userId));
  }

  @Delete('service-providers/:iysCode/brands/:brandCode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a brand (not the master brand)' })
  @ApiOkResponse({ type: BrandDeactivatedDto })
  @ApiIysErrorMap({ 403: ['H363'], 404: ['H600', 'H616'], 422: ['H190', 'H191', 'H619'] })
  async deactivateBrand(
    @Param('iysCode', new IntegerParamPipe('H190')) iysCode: number,
    @Param('brandCode', new IntegerParamPipe('H191')) brandCode: number,
    @CurrentPrincipal() admin: Principal,
  ): Promise<{ brandCode: number; active: false }> {
    await this.commands.execute(new DeactivateBrandCommand(iysCode, brandCode, admin.userId));
    return { brandCode, active: false };
  }

  @Post('integrators')
  @ApiOperation({ summary: 'Register an integrator (iş ortağı): issues its integratorCode' })
  @ApiCreatedResponse({ type: IntegratorRegisteredDto })
  @ApiIysErrorMap({ 400: ['H603'], 403: ['H363'], 422: ['H118', 'H618', 'H628'] })
  registerIntegrator(
    @Body(new IysValidationPipe(RegisterIntegratorDto)) body: RegisterIntegratorDto,
    @CurrentPrincipal() admin: Principal,
  ): Promise<{ integratorCode: number }> {
    return this.commands.execute(new RegisterIntegratorCommand(body.title, admin.userId));
  }
}
