export { validateDelivery, ValidateUsageError, VERSION } from './delivery.js';
export type { BilledRead, DeliveryContext, ValidateOptions } from './options.js';
