/**
 * The alerts page in a browser (English, then Korean): a rule made in the dialog (disk use above
 * 80 %, seed 000) is listed with its condition, edited and deleted; the firing and history tabs
 * explain themselves; no text of the other language shows; the sidebar links the page; the
 * dashboard's alerts panel links it too; a new backup_stale rule starts at > 48 h.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, E2E_TIMEOUTS, otherLanguageTexts, poll, rawKeysOnPage, screenshot, signIn, startE2E, type E2E } from './harness.js';

interface Rule {
  rule_id: string;
  name: string;
  kind: string;
  threshold: number;
}
const rules = async (url: string) => ((await api(url, 'GET', '/alerts/rules')).body as { items: Rule[] }).items;

describe('alerts page', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('creates a disk-use rule in English and lists it', async () => {
    const { page } = e2e;
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/alerts');
    await page.getByText('Nothing is firing').waitFor();
    await page.getByRole('tab', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'New rule' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="name"]').fill('disk 80%');
    await dialog.locator('select[name="kind"]').selectOption('disk_used_percent');
    await dialog.locator('input[name="threshold"]').fill('80');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.locator('[data-testid="alert-rules"]').getByText('disk 80%').waitFor();
    expect(await page.locator('[data-testid="alert-rules"]').innerText()).toContain('Disk use (%)');
    await poll(async () => (await rules(e2e.url)).map((r) => [r.name, r.kind, r.threshold])).toEqual([['disk 80%', 'disk_used_percent', 80]]);
    expect(await rawKeysOnPage(page)).toEqual([]);
    expect(await otherLanguageTexts(page, 'en')).toEqual([]);
    await screenshot(page, 'alerts-rules');
    // The dashboard's alerts panel appears once a rule exists, and links the page.
    await page.goto('/');
    const panel = page.locator('[data-testid="alerts-panel"]');
    await panel.waitFor();
    expect(await panel.innerText()).toContain('0 firing');
    await panel.getByRole('link', { name: 'All alerts and rules' }).click();
    await page.waitForURL((u) => u.pathname === '/alerts');
  });

  it('reads in Korean, edits and deletes the rule', async () => {
    const { page } = e2e;
    await page.locator('[data-testid="language-switch"]').selectOption('ko');
    await page.getByRole('tab', { name: '규칙', exact: true }).click();
    for (const tab of ['발생 중', '기록', '규칙']) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.locator('main h1').waitFor();
      expect(await rawKeysOnPage(page)).toEqual([]);
      expect(await otherLanguageTexts(page, 'ko'), tab).toEqual([]);
    }
    const table = page.locator('[data-testid="alert-rules"]');
    expect(await table.innerText()).toContain('디스크 사용량(%)');
    await table.getByRole('button', { name: '편집' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="threshold"]').fill('90');
    await dialog.getByRole('button', { name: '저장' }).click();
    await poll(async () => (await rules(e2e.url))[0]?.threshold).toBe(90);
    await screenshot(page, 'alerts-rules-ko');
    page.once('dialog', (d) => void d.accept());
    await table.getByRole('button', { name: '삭제' }).click();
    await poll(async () => (await rules(e2e.url)).length).toBe(0);
    await page.getByText('아직 알림 규칙이 없습니다').waitFor();
  });

  it('starts a new backup rule at more than 48 hours, explained in Korean', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: '새 규칙' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('select[name="kind"]').selectOption('backup_stale');
    expect(await dialog.locator('input[name="threshold"]').inputValue()).toBe('48');
    expect(await dialog.innerText()).toContain('마지막으로 성공한 예약 백업');
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
    await dialog.getByRole('button', { name: '취소' }).click();
  });
});
