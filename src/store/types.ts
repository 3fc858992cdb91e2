/** Shapes shared by the store functions. Table rows themselves use Prisma's generated types. */
export type { Integration, CheckResult, StatusChange, AlertChannel, AlertDelivery, MaintenanceWindow } from '../generated/prisma/client.ts';

export type CheckTrigger = 'schedule' | 'manual' | 'push';
