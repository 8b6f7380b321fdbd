/** The landing page that means "no choice": the dashboard (stored as null). */
export const DEFAULT_LANDING = 'dashboard';
