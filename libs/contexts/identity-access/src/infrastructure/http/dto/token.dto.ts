import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** İYS A1 body, JSON or form-encoded: the password grant or the refresh grant. */
export class TokenRequestDto {
  @ApiProperty({ enum: ['password', 'refresh_token'], example: 'password' }) grant_type!: string;
  @ApiPropertyOptional({ description: 'password grant', example: 'provider-700001' }) username?: string;
  @ApiPropertyOptional({ description: 'password grant', example: 'a long secret' }) password?: string;
  @ApiPropertyOptional({ description: 'refresh grant' }) refresh_token?: string;
}

/** İYS A1 answer (iys-api.md §2.1), plus the camelCase spellings some clients read. */
export class TokenResponseDto {
  @ApiProperty() access_token!: string;
  @ApiProperty() refresh_token!: string;
  @ApiProperty({ example: 7200 }) expires_in!: number;
  @ApiProperty({ example: 14400 }) refresh_expires_in!: number;
  @ApiProperty({ enum: ['bearer'] }) token_type!: string;
  @ApiProperty({ description: 'Same as access_token' }) accessToken!: string;
  @ApiProperty({ description: 'Same as refresh_token' }) refreshToken!: string;
}

/** `POST /oauth2/revoke` answer. */
export class RevokedDto {
  @ApiProperty({ enum: [true] }) revoked!: true;
}

class LegacyTokenResultDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty() expiresIn!: number;
  @ApiProperty({ enum: ['bearer'] }) tokenType!: string;
}

/** The 2020 answer shape (iys-api.md Part B §2.4). */
export class LegacyTokenResponseDto {
  @ApiProperty({ enum: [true] }) status!: true;
  @ApiProperty() message!: string;
  @ApiProperty({ type: LegacyTokenResultDto }) result!: LegacyTokenResultDto;
}

/** `POST /oauth/token` body (2020). */
export class LegacyTokenRequestDto {
  @ApiProperty() username!: string;
  @ApiProperty() password!: string;
}

/** `POST /oauth/refresh` body (2020). */
export class LegacyRefreshRequestDto {
  @ApiProperty() refreshToken!: string;
}
