/** The VICIdial integration's pieces, registered in ApiModule (they use its EventIngestor and SourceActivity). */
import { VicidialIntake } from './vicidial-intake.service';
import { VicidialSettingsController } from './vicidial-settings.controller';
import { VicidialSettingsStore } from './vicidial-settings.store';
import { VicidialController } from './vicidial.controller';

export const VICIDIAL_CONTROLLERS = [VicidialController, VicidialSettingsController];
export const VICIDIAL_PROVIDERS = [VicidialIntake, VicidialSettingsStore];
export { VicidialFormBodyMiddleware } from './vicidial-form-body.middleware';
