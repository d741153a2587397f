/** The alert tables (migration 0017) as Kysely table types; sql/database.ts adds them to `Database`. */
import type { AlertRow, AlertRuleRow } from '../alert-store.js';

/** alert_rules */
export type AlertRulesTable = AlertRuleRow;

/** alerts */
export type AlertsTable = Omit<AlertRow, 'status'> & { status: string };

/** Every alert table, by name. */
export interface AlertTables {
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
}
