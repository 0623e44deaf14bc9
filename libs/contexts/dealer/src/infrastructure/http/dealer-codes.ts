import { registerIysCodes } from '@iys/platform/nest';
import { DEALER_ERRORS } from '../../domain/retailer.errors.js';

// On import, before any controller builds a pipe that names one of these codes.
registerIysCodes(DEALER_ERRORS);
