/** The app's i18n instance (created once, at start-up, in the browser's language). */
import { createAppI18n } from './i18n';

export const i18n = createAppI18n();
