/** English text of the retention settings and disk use (docs/retention.md). */
export const enRetention = {
  retention: {
    tab: 'Retention',
    title: 'Data retention',
    hint: 'Old data of this project is deleted in the background, a little at a time. Dashboard totals keep their history.',
    traceDays: 'Keep traces for (days)',
    traceDaysHint: 'Spans, events, evaluations, feedback and decisions go with their trace. Leave empty to keep traces forever.',
    artifactDays: 'Keep experiment artifacts for (days)',
    forever: 'Forever',
    serverDefault: 'Server default: {{days}} days',
    save: 'Save',
    saved: 'Saved',
    updatedAt: 'Changed {{time}}',
    storage: {
      title: 'Disk use',
      database: 'Database size',
      volume: 'Data volume used',
      percent: '{{value}} %',
      unknown: 'Not available',
    },
  },
};
