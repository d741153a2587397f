/** Both SQL backends, 0027: alert rules on judge calibration (kind `judge_agreement`: the evaluation name compared). */
export const JUDGE_AGREEMENT_ALERT_MIGRATIONS: Record<string, string[]> = {
  '0027_judge_agreement_alerts': ['ALTER TABLE alert_rules ADD COLUMN evaluator TEXT'],
};
