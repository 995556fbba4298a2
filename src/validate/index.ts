export { validateDelivery, ValidateUsageError, VERSION } from './delivery.js';
export type { DeliveryContext, ValidateOptions } from './options.js';
