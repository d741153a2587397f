/** A/B tests: the list, a create form, and the selected test's results (`?test=<id>` in the URL). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { DataTable } from '../../../shared/components/DataTable';
import { Dialog } from '../../../shared/components/Dialog';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PageHeader } from '../../../shared/components/PageHeader';
import { QueryView } from '../../../shared/components/QueryView';
import { formatTime } from '../../../shared/format';
import { useAbTests, useCreateAbTest } from '../api';
import { AbResults, metricLabel } from './AbResults';
import { AbTestForm } from './AbTestForm';

/** The page. */
export function AbTestsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const selected = params.get('test');
  const tests = useAbTests();
  const create = useCreateAbTest();
  const [creating, setCreating] = useState(false);
  const close = () => {
    setCreating(false);
    create.reset();
  };
  return (
    <div className="page stack">
      <PageHeader
        title={t('abTests.title')}
        subtitle={t('abTests.subtitle')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('abTests.newTest')}
          </button>
        }
      />
      <QueryView query={tests} isEmpty={(d) => d.tests.length === 0} empty={<EmptyState title={t('abTests.emptyTitle')} hint={t('abTests.emptyHint')} />}>
        {(data) => (
          <DataTable
            testId="ab-tests"
            rows={data.tests}
            rowKey={(test) => test.test_id}
            columns={[
              {
                id: 'name',
                header: t('abTests.fields.name'),
                cell: (test) => (
                  <button type="button" className="link-button" aria-pressed={selected === test.test_id} onClick={() => setParams({ test: test.test_id })}>
                    {test.name}
                  </button>
                ),
              },
              { id: 'status', header: t('abTests.status'), cell: (test) => t(`abTests.statuses.${test.status}`) },
              { id: 'unit', header: t('abTests.fields.unit'), cell: (test) => t(`abTests.units.${test.unit}`) },
              { id: 'variants', header: t('abTests.fields.variants'), cell: (test) => test.variants.map((v) => `${v.key} ${v.weight}`).join(' / ') },
              { id: 'primary', header: t('abTests.fields.primary'), cell: (test) => metricLabel(t, test.primary_metric) },
              { id: 'created', header: t('abTests.created'), cellClassName: 'nowrap', cell: (test) => formatTime(test.created_at) },
            ]}
          />
        )}
      </QueryView>
      {selected && <AbResults testId={selected} />}
      <Dialog open={creating} title={t('abTests.newTest')} onClose={close}>
        <AbTestForm
          pending={create.isPending}
          error={create.error}
          onCancel={close}
          onSubmit={(body) =>
            create.mutate(body, {
              onSuccess: (test) => {
                close();
                setParams({ test: test.test_id });
              },
            })
          }
        />
      </Dialog>
    </div>
  );
}
