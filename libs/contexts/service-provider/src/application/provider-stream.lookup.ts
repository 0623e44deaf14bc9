import { serviceProviderError } from '../domain/service-provider.errors.js';
import type { ProviderDirectory } from './provider-directory.port.js';
import { serviceProviderStream } from './service-provider-streams.js';

/** The stream of an approved provider, found by its iysCode in the directory read model (H616 if none). */
export async function providerStreamOf(directory: ProviderDirectory, iysCode: number): Promise<string> {
  const applicationId = await directory.applicationIdOf(iysCode);
  if (!applicationId) throw serviceProviderError('H616', ['iysCode']);
  return serviceProviderStream(applicationId);
}
