/** English text of the top miss-queries page. */
export const enMissQueries = {
  missQueries: {
    title: 'Top miss-queries',
    subtitle: 'Questions the application answered badly — failed evaluations, negative feedback, BLOCK or ESCALATE decisions, errors — grouped by similar text.',
    window: 'Window',
    lastHours: 'Last {{count}} hours',
    summary: '{{candidates}} traces went wrong in this window; {{groups}} groups.',
    capped: 'Only the newest {{limit}} traces were read.',
    count: 'Occurrences: {{count}}',
    lastSeen: 'last seen {{time}}',
    reasons: 'Reasons',
    failedEval: '{{name}} failed ×{{count}}',
    negativeFeedback: 'Negative feedback ×{{count}}',
    errors: 'Errors ×{{count}}',
    examples: 'Example traces ({{count}})',
    emptyTitle: 'No miss-queries in this window',
    emptyHint: 'Traces with failed evaluations, negative user feedback, BLOCK or ESCALATE decisions or errors appear here.',
  },
};
