/** English text for the dashboard's A/B panel, its cost figure over unpriced traces, and alert rules over application metrics. */
export const enDashboardPanels = {
  dashboardPanels: {
    ab: {
      title: 'A/B tests',
      running: '{{count}} running',
      none: 'No test is running.',
      primary: 'primary metric: {{metric}}',
      traces: '{{n}} traces',
      loading: 'Reading results…',
      failed: 'Results could not be read.',
      all: 'All A/B tests',
    },
    metricRule: {
      metric_name: 'Metric name',
      metric_labels: 'Label filters (key=value, comma-separated)',
      metric_agg: 'Aggregate over the window',
    },
    cost: {
      lowerBound: '≥ {{cost}}',
      unpriced: 'traces without prices: {{n}}',
      unpricedTitle: 'Some spans of these traces use a model without a price: the cost is at least this much.',
    },
  },
};
