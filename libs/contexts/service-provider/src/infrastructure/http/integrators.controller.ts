import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@iys/platform/building-blocks';
import { ApiIysCodes, ApiIysErrors, CurrentPrincipal, IntegerParamPipe, IntegratorScoped, IysHttpException, iysErrorItem, IysValidationPipe, ProviderScoped } from '@iys/platform/nest';
import { AuthoriseIntegratorCommand } from '../../application/commands/authorise-integrator/authorise-integrator.command.js';
import { RevokeIntegratorCommand } from '../../application/commands/revoke-integrator/revoke-integrator.command.js';
import type { AuthorisedBrand, AuthorisedProvider } from '../../application/queries/list-integrator-providers/list-integrator-providers.handler.js';
import { ListIntegratorProvidersQuery } from '../../application/queries/list-integrator-providers/list-integrator-providers.query.js';
import { AuthoriseIntegratorDto } from './dto/service-provider.request.dto.js';
import { AuthorisedBrandDto, AuthorisedProvidersDto, IntegratorAuthorisedDto, IntegratorRevokedDto } from './dto/service-provider.response.dto.js';

const IYS_CODE = new IntegerParamPipe('H190');
const INTEGRATOR_CODE = new IntegerParamPipe('H190');

/** A provider grants and revokes an integrator's rights. Only the provider itself: integrators cannot delegate. */
@ApiTags('integrators')
@ApiBearerAuth()
@Controller('sps/:iysCode/integrators/:integratorCode')
export class ProviderIntegratorsController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Put()
  @ProviderScoped('iysCode', { integrators: false, readers: [] })
  @ApiOperation({ summary: 'Authorise an integrator for brands and consent types (replaces an earlier grant)' })
  @ApiOkResponse({ type: IntegratorAuthorisedDto })
  @ApiIysCodes('H614', 'H615', 'H616', 'H630', 'H631')
  async authorise(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('integratorCode', INTEGRATOR_CODE) integratorCode: number,
    @Body(new IysValidationPipe(AuthoriseIntegratorDto)) body: AuthoriseIntegratorDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<{ iysCode: number; integratorCode: number }> {
    await this.commands.execute(new AuthoriseIntegratorCommand(iysCode, integratorCode, body.types, body.agreementControl, body.brandCodes, caller.userId));
    return { iysCode, integratorCode };
  }

  @Delete()
  @HttpCode(200)
  @ProviderScoped('iysCode', { integrators: false, readers: [] })
  @ApiOperation({ summary: "Revoke an integrator's authorisation" })
  @ApiOkResponse({ type: IntegratorRevokedDto })
  @ApiIysCodes('H615', 'H616', 'H632')
  async revoke(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('integratorCode', INTEGRATOR_CODE) integratorCode: number,
    @CurrentPrincipal() caller: Principal,
  ): Promise<{ iysCode: number; integratorCode: number; revoked: true }> {
    await this.commands.execute(new RevokeIntegratorCommand(iysCode, integratorCode, caller.userId));
    return { iysCode, integratorCode, revoked: true };
  }
}

/** İYS B2 and B3, for business partners. */
@ApiTags('integrators')
@ApiBearerAuth()
@Controller('integrator/:integratorCode/sps')
export class IntegratorController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get()
  @IntegratorScoped('integratorCode')
  @ApiOperation({ summary: 'Providers that authorised this integrator (İYS B2)' })
  @ApiOkResponse({ type: AuthorisedProvidersDto })
  @ApiIysCodes('H190')
  async providers(@Param('integratorCode', INTEGRATOR_CODE) integratorCode: number): Promise<{ list: AuthorisedProvider[] }> {
    return { list: await this.queries.execute(new ListIntegratorProvidersQuery(integratorCode)) };
  }

  @Get(':iysCode')
  @IntegratorScoped('integratorCode')
  @ApiOperation({ summary: "One provider's brands and the integrator's rights on them (İYS B3)" })
  @ApiOkResponse({ type: [AuthorisedBrandDto] })
  @ApiIysErrors(400, 'H245')
  async provider(
    @Param('integratorCode', INTEGRATOR_CODE) integratorCode: number,
    @Param('iysCode', IYS_CODE) iysCode: number,
  ): Promise<AuthorisedBrand[]> {
    const [provider] = (await this.queries.execute(new ListIntegratorProvidersQuery(integratorCode, iysCode))) as AuthorisedProvider[];
    if (!provider) throw new IysHttpException(400, [iysErrorItem('H245', { location: ['iysCode'] })]);
    return provider.brands;
  }
}
