import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AllowRoles, ApiIysCodes, ROLES } from '@iys/platform/nest';
import { places, type City } from '../../domain/info/places.js';
import { dealerError } from '../../domain/retailer.errors.js';
import './dealer-codes.js';
import { PlaceDto, TownDto } from './dto/retailer.response.dto.js';

/** İYS's Town carries its city's plate code as `city_code` (iys-api.md §3.13). */
interface TownView {
  code: string;
  name: string;
  city_code: string;
}

const townView = (t: { code: string; name: string; cityCode: string }): TownView => ({ code: t.code, name: t.name, city_code: t.cityCode });

/**
 * İl/İlçe reference data for retailer addresses (İYS Info, I1), plural paths with the singular
 * ones as aliases (Part A 7). Like every İYS call but the token call, it takes a bearer token: any
 * API user may read it (docs/adr/0032).
 */
@ApiTags('info')
@ApiBearerAuth()
@Controller('info')
@AllowRoles(...ROLES)
export class InfoController {
  @Get(['cities', 'city'])
  @ApiOperation({ summary: "Türkiye's 81 provinces with their plate codes" })
  @ApiOkResponse({ type: [PlaceDto] })
  cities(): readonly City[] {
    return places.cities();
  }

  @Get(['cities/:code', 'city/:code'])
  @ApiOperation({ summary: 'One province by plate code' })
  @ApiOkResponse({ type: PlaceDto })
  @ApiIysCodes('H714')
  city(@Param('code') code: string): City {
    const city = places.city(code);
    if (!city) throw dealerError('H714', ['code']);
    return city;
  }

  @Get(['towns', 'town'])
  @ApiOperation({ summary: 'Districts (ilçe), all or those of one province (?cityCode=)' })
  @ApiQuery({ name: 'cityCode', required: false, example: '34' })
  @ApiOkResponse({ type: [TownDto] })
  @ApiIysCodes('H714')
  towns(@Query('cityCode') cityCode?: string): TownView[] {
    if (cityCode !== undefined && !places.city(cityCode)) throw dealerError('H714', ['cityCode']);
    return places.towns(cityCode).map(townView);
  }

  @Get(['towns/:code', 'town/:code'])
  @ApiOperation({ summary: 'One district by its code' })
  @ApiOkResponse({ type: TownDto })
  @ApiIysCodes('H715')
  town(@Param('code') code: string): TownView {
    const town = places.town(code);
    if (!town) throw dealerError('H715', ['code']);
    return townView(town);
  }
}
