import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { registryFixture, M, newReport } from './support/registry-fixture.js';
import { startTestService, type TestService } from './support/service.js';

/**
 * The console in Debian's Chromium, driven by Playwright: one report through its whole life across
 * roles, each in its own browser context (as different people on different machines), a second one
 * disputed, escalated and judged by the Ombudsman; the dashboard's figures against the API's answers;
 * a live update arriving in another context; axe-core on every screen; a screenshot of every screen.
 */
const ARTIFACTS = path.resolve('test-artifacts/console');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots: string[] = [];
/** Uncaught errors in any page: every test ends by finding none. */
const pageErrors: string[] = [];

let service: TestService;
let browser: Browser;
let fixture: Awaited<ReturnType<typeof registryFixture>>;

beforeAll(async () => {
  // The console the service serves is the one these sources build (npm run build also prints the schema).
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  mkdirSync(ARTIFACTS, { recursive: true });
  service = await startTestService();
  fixture = await registryFixture(service);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 600_000);

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  console.log(`Console screenshots:\n${shots.join('\n')}`);
});

async function open(
  options: { lang?: 'en' | 'id'; width?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    acceptDownloads: true,
  });
  if (options.lang !== 'id')
    await context.addInitScript(() => (globalThis as any).localStorage.setItem('aduan.lang', 'en'));
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
  return { context, page };
}

/** A screenshot of the screen as an artifact, and axe-core's verdict on it: no serious or critical violation. */
async function screen(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect({ screen: name, serious }).toEqual({ screen: name, serious: [] });
}

/** The development role picker: a role (and an agency found by typing part of its name). */
async function signIn(page: Page, role: string, agency?: string): Promise<void> {
  await page.goto(`${service.url}/#/signin`);
  const form = page.getByRole('form', { name: 'Development sign-in (pick a role)' });
  await form.getByLabel('Role').selectOption(role);
  if (agency) {
    await form.getByLabel('Find an agency').fill(agency);
    await form.getByRole('radio', { name: new RegExp(agency) }).check();
  }
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.hash.startsWith('#/signin'));
}

/** Fills a form, submits it and waits for the API's answer; the form shows no refusal. */
async function act(page: Page, name: string, fill: (form: Locator) => Promise<unknown>, button: string) {
  const form = page.getByRole('form', { name });
  await fill(form);
  const answered = page.waitForResponse(
    (response) => response.url().endsWith('/graphql') && (response.request().postData() ?? '').includes('mutation'),
  );
  await form.getByRole('button', { name: button }).click();
  expect((await answered).status()).toBe(200);
  await page.waitForLoadState('networkidle');
  expect(await form.getByRole('alert').allTextContents()).toEqual([]);
}

const waitForStatus = (page: Page, status: string) =>
  page.locator('.summary .status', { hasText: status }).first().waitFor({ timeout: 15_000 });

describe('the console', () => {
  it('takes a report from submission to acceptance across roles, with a live update in another context', async () => {
    const reporter = await open({ lang: 'id' });
    await reporter.page.goto(service.url);
    await reporter.page.getByRole('heading', { name: 'Dasbor' }).waitFor();
    expect(await reporter.page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('id');
    await reporter.page.getByRole('button', { name: 'English' }).click();
    await reporter.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await signIn(reporter.page, 'REPORTER');
    await reporter.page.getByRole('link', { name: 'Submit a report' }).click();
    await screen(reporter.page, 'submit');
    const submit = reporter.page.getByRole('form', { name: 'What happened, where' });
    await submit.getByLabel('Kind').selectOption('COMPLAINT');
    await submit.getByLabel('Title').fill(newReport.title);
    await submit.getByLabel('Description').fill(newReport.description);
    await submit.getByLabel('Region code').fill('13.76');
    await submit.getByRole('button', { name: 'Submit' }).click();
    await reporter.page.getByRole('heading', { name: 'Report submitted' }).waitFor();
    const first = (await reporter.page.locator('.tracking').textContent())!;
    expect(first).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await screen(reporter.page, 'submitted');
    expect(await reporter.page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('submitted-title');
    await reporter.page.getByRole('link', { name: 'My reports' }).click();
    await reporter.page.getByRole('link', { name: first }).waitFor();
    expect(await reporter.page.locator('tbody tr').count()).toBe(1);
    await screen(reporter.page, 'my-reports');

    const admin = await open();
    await signIn(admin.page, 'ADMIN');
    await admin.page.getByRole('heading', { name: 'Verification queue' }).waitFor();
    await admin.page.getByRole('link', { name: first }).waitFor();
    await screen(admin.page, 'verification-queue');
    await admin.page.getByRole('link', { name: first }).click();
    await admin.page.getByRole('form', { name: 'Verify the report' }).waitFor();
    await screen(admin.page, 'report-admin-submitted');
    await act(
      admin.page,
      'Verify the report',
      (form) => form.getByLabel('Category').selectOption('infrastruktur-jalan'),
      'Verify',
    );
    await waitForStatus(admin.page, 'Verified');
    expect(await admin.page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('report-title');
    await act(
      admin.page,
      'Disposition to an agency',
      async (form) => {
        await form.getByLabel('Find an agency').fill('payaku');
        await form.getByRole('radio', { name: /Kota Payakumbuh/ }).check();
        await form.getByLabel('Unit').selectOption({ label: 'Dinas PUPR' });
      },
      'Disposition',
    );
    await waitForStatus(admin.page, 'Dispositioned');
    await screen(admin.page, 'report-admin-dispositioned');

    // The reporter keeps the report open: what the agency does arrives without a reload.
    await reporter.page.goto(`${service.url}/#/report/${first}`);
    await waitForStatus(reporter.page, 'Dispositioned');

    const officer = await open();
    await signIn(officer.page, 'LIAISON_OFFICER', 'Kota Payakumbuh');
    await officer.page.getByRole('heading', { name: /Agency inbox/ }).waitFor();
    await officer.page.getByRole('link', { name: first }).waitFor();
    await screen(officer.page, 'agency-inbox');
    await officer.page.getByRole('link', { name: first }).click();
    await act(officer.page, 'Start the follow-up', async () => undefined, 'Start');
    await waitForStatus(officer.page, 'In progress');
    await act(
      officer.page,
      'Internal note',
      (form) => form.getByLabel('Internal note (the reporter never sees it)').fill('Cek lokasi dengan Dinas PUPR'),
      'Save',
    );
    await act(
      officer.page,
      'Post a follow-up',
      (form) => form.getByLabel('Response (the reporter reads it)').fill('Tim akan meninjau lokasi minggu ini.'),
      'Send',
    );
    await screen(officer.page, 'report-agency-in-progress');
    await act(
      officer.page,
      'Resolve the report',
      (form) => form.getByLabel('Response (the reporter reads it)').fill('Lubang sudah ditambal pada 3 Desember.'),
      'Resolve',
    );
    await waitForStatus(officer.page, 'Resolved');

    await waitForStatus(reporter.page, 'Resolved');
    expect(await reporter.page.locator('.live').textContent()).toMatch(/Updated: version \d+, Resolved/);
    // The timeline has caught up with the resolution, and still holds no internal note.
    await reporter.page.locator('.timeline li', { hasText: 'Resolved' }).last().waitFor();
    const publicTimeline = await reporter.page.locator('.timeline').textContent();
    expect(publicTimeline).toContain('Tim akan meninjau lokasi minggu ini.');
    expect(publicTimeline).not.toContain('Cek lokasi dengan Dinas PUPR');
    await screen(reporter.page, 'report-reporter-resolved');
    await act(
      reporter.page,
      'Accept the resolution',
      async (form) => {
        await form.getByRole('radio', { name: '5' }).check();
        await form.getByLabel('Comment').fill('Terima kasih');
      },
      'Accept',
    );
    await waitForStatus(reporter.page, 'Closed');

    const answer = await service.ok(`query($t: String!) { report(trackingId: $t) { status rating closedReason } }`, {
      t: first,
    });
    expect(answer.report).toEqual({ status: 'CLOSED', rating: 5, closedReason: 'ACCEPTANCE' });
    for (const { context } of [reporter, admin, officer]) await context.close();
  });

  it('lets a reporter dispute and escalate, and the Ombudsman audit the case and record a finding', async () => {
    const { tokens, agencyA } = fixture;
    const submitted = await service.ok(
      M.submit,
      { input: { ...newReport, title: 'Sampah tidak diangkut' } },
      tokens.reporter,
    );
    const trackingId = submitted.submitReport.report.trackingId as string;
    await service.ok(M.verify, { input: { trackingId, category: 'infrastruktur' } }, tokens.admin);
    await service.ok(M.disposition, { input: { trackingId, agencyId: agencyA } }, tokens.admin);
    await service.ok(M.start, { input: { trackingId } }, tokens.officerA);
    await service.ok(M.resolve, { input: { trackingId, message: 'Sudah diangkut.' } }, tokens.officerA);

    const reporter = await open();
    await reporter.context.addInitScript(
      (token) =>
        (globalThis as any).sessionStorage.setItem('aduan.credential', JSON.stringify({ kind: 'token', value: token })),
      tokens.reporter,
    );
    await reporter.page.goto(`${service.url}/#/report/${trackingId}`);
    await waitForStatus(reporter.page, 'Resolved');
    await act(
      reporter.page,
      'Dispute the resolution',
      (form) => form.getByLabel('Reason').fill('Sampah masih menumpuk di depan pasar.'),
      'Dispute',
    );
    await reporter.page.getByRole('form', { name: 'Escalate to the Ombudsman' }).waitFor();
    await act(
      reporter.page,
      'Escalate to the Ombudsman',
      (form) => form.getByLabel('Reason').selectOption('REPORTER_DISPUTE'),
      'Escalate',
    );
    await waitForStatus(reporter.page, 'Escalated to the Ombudsman');

    const ombudsman = await open();
    await signIn(ombudsman.page, 'OMBUDSMAN');
    await ombudsman.page.getByRole('heading', { name: 'Escalated cases' }).waitFor();
    await ombudsman.page.getByRole('link', { name: trackingId }).waitFor();
    await screen(ombudsman.page, 'escalated-cases');
    await ombudsman.page.goto(`${service.url}/#/report/${trackingId}/audit`);
    await ombudsman.page.getByText(/Hash chain intact up to version \d+/).waitFor();
    await screen(ombudsman.page, 'audit-trail');
    const events = await ombudsman.page.locator('table tbody tr').count();
    const history = await service.ok(
      `query($t: String!) { reportHistory(trackingId: $t) { type } }`,
      { t: trackingId },
      tokens.ombudsman,
    );
    expect(events).toBe(history.reportHistory.length);

    // The slider, by keyboard: Home is version 1, then two steps right is version 3.
    const slider = ombudsman.page.getByRole('slider', { name: /^Version/ });
    await slider.focus();
    await ombudsman.page.keyboard.press('Home');
    await ombudsman.page.locator('.stood', { hasText: 'Version 1:' }).waitFor();
    await ombudsman.page.keyboard.press('ArrowRight');
    await ombudsman.page.keyboard.press('ArrowRight');
    await ombudsman.page.locator('.stood', { hasText: 'Version 3:' }).waitFor();
    expect(new URL(ombudsman.page.url()).hash).toBe(`#/report/${trackingId}/audit?version=3`);
    const at3 = await service.ok(
      `query($t: String!) { reportAt(trackingId: $t, version: 3) { status } }`,
      { t: trackingId },
      tokens.ombudsman,
    );
    expect(await ombudsman.page.locator('.stood .status').textContent()).toBe(
      { VERIFIED: 'Verified', DISPOSITIONED: 'Dispositioned' }[at3.reportAt.status as string],
    );
    await screen(ombudsman.page, 'audit-report-at-version');

    const [download] = await Promise.all([
      ombudsman.page.waitForEvent('download'),
      ombudsman.page.getByRole('button', { name: 'Download the audit bundle (JSON)' }).click(),
    ]);
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(download.suggestedFilename()).toBe(`audit-${trackingId}.json`);
    expect(bundle.events).toHaveLength(history.reportHistory.length);

    await ombudsman.page.goto(`${service.url}/#/report/${trackingId}`);
    await act(
      ombudsman.page,
      'Record the Ombudsman finding',
      async (form) => {
        await form.getByLabel('Finding').fill('Instansi belum menuntaskan pengangkutan sampah.');
        await form.getByLabel('Outcome').selectOption('RETURN_TO_AGENCY');
      },
      'Record',
    );
    await ombudsman.page
      .locator('.timeline li', { hasText: /finding/i })
      .first()
      .waitFor();
    await screen(ombudsman.page, 'report-ombudsman-finding');
    const after = await service.ok(`query($t: String!) { report(trackingId: $t) { status } }`, { t: trackingId });
    expect(after.report.status).not.toBe('ESCALATED');
    await reporter.context.close();
    await ombudsman.context.close();
  });

  it("shows the dashboard's figures exactly as the API answers them, filters and all", async () => {
    const { page, context } = await open();
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const to = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${service.url}/#/?from=${from}&to=${to}&interval=DAY&type=CITY`);
    await page.locator('[data-figure="received"]').waitFor();
    await screen(page, 'dashboard');
    // The same questions the page asks: the period, and agencies of type CITY.
    const api = await service.ok(
      `query($from: Date!, $to: Date!, $submittedFrom: DateTime!, $submittedTo: DateTime!) {
        performanceSummary(from: $from, to: $to, filter: { type: CITY }) { received followUpRate resolutionRate slaCompliance }
        reportCounts(filter: { agencyType: CITY, submittedFrom: $submittedFrom, submittedTo: $submittedTo }) { byStatus { value count } }
        reportTrend(from: $from, to: $to, interval: DAY, filter: { agencyType: CITY }) { period dispositioned resolved }
        topicStatistics(from: $from, to: $to, agencyType: CITY, top: 5) { categoryName reports }
        connectivitySummary(year: ${Number(today.slice(0, 4))}) { total { connected } }
        agencyRanking(from: $from, to: $to, filter: { type: CITY }) { edges { node { name received } } }
      }`,
      { from, to, submittedFrom: `${from}T00:00:00+07:00`, submittedTo: `${to}T00:00:00+07:00` },
    );
    const figure = (name: string) => page.locator(`[data-figure="${name}"]`).textContent();
    const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
    expect(api.performanceSummary.received).toBeGreaterThan(0);
    expect(await figure('received')).toBe(String(api.performanceSummary.received));
    expect(await figure('followUpRate')).toBe(percent(api.performanceSummary.followUpRate));
    expect(await figure('resolutionRate')).toBe(percent(api.performanceSummary.resolutionRate));
    expect(await figure('slaCompliance')).toBe(percent(api.performanceSummary.slaCompliance));
    expect(await figure('connected-total')).toBe(String(api.connectivitySummary.total.connected));
    for (const { value, count } of api.reportCounts.byStatus)
      expect(await figure(`status-${value}`)).toBe(String(count));
    const trend = await page
      .locator('.chart tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
    expect(trend).toEqual(
      api.reportTrend.map((p: { period: string; dispositioned: number; resolved: number }) => [
        p.period,
        String(p.dispositioned),
        String(p.resolved),
      ]),
    );
    expect(api.reportTrend.some((p: { dispositioned: number }) => p.dispositioned > 0)).toBe(true);
    const topics = await page.locator('.topics li').allTextContents();
    expect(topics).toEqual(api.topicStatistics.map((topic: any) => `${topic.categoryName} ${topic.reports}`));
    const ranking = await page
      .locator('section[aria-labelledby="ranking-title"] tbody tr')
      .evaluateAll((rows) => rows.map((row) => [row.children[1]!.textContent, row.children[2]!.textContent]));
    expect(ranking).toEqual(api.agencyRanking.edges.map(({ node }: any) => [node.name, String(node.received)]));
    await context.close();
  });

  it('keeps what was typed and shows the API refusal beside it; works by keyboard and at 360 px', async () => {
    const submitted = await service.ok(M.submit, { input: { ...newReport, title: 'Lubang di trotoar' } });
    const trackingId = submitted.submitReport.report.trackingId as string;
    const { page, context } = await open({ width: 360 });
    await page.goto(`${service.url}/#/track`);
    // The screen is drawn once the console knows the caller: keys pressed before that reach nothing.
    await page.getByRole('textbox', { name: 'Tracking id' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.name)).toBe('trackingId');
    await page.keyboard.type('ZZZZ-ZZZZ');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('form', { name: 'Enter the tracking id' }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('NOT_FOUND');
    expect(await page.getByRole('textbox', { name: 'Tracking id' }).inputValue()).toBe('ZZZZ-ZZZZ');
    await screen(page, 'track-not-found-360px');
    // A refused field is marked, its message beside the form, and nothing typed is lost.
    await page.goto(`${service.url}/#/submit`);
    const submit = page.getByRole('form', { name: 'What happened, where' });
    await submit.getByLabel('Title').fill('Lampu jalan mati');
    await submit.getByLabel('Description').fill('Sudah seminggu gelap.');
    await submit.getByLabel('Region code').fill('bukan-kode');
    await submit.getByRole('button', { name: 'Submit' }).click();
    const refusal = submit.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/regionCode.*BAD_USER_INPUT/);
    expect(await submit.getByLabel('Region code').getAttribute('aria-invalid')).toBe('true');
    expect(await submit.getByLabel('Title').inputValue()).toBe('Lampu jalan mati');
    expect(await submit.getByLabel('Description').inputValue()).toBe('Sudah seminggu gelap.');
    await screen(page, 'submit-refused-360px');
    for (const route of ['#/', `#/report/${trackingId}`, '#/submit', '#/signin']) {
      await page.goto(`${service.url}/${route}`);
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(
        () => (globalThis as any).document.documentElement.scrollWidth - (globalThis as any).innerWidth,
      );
      expect({ route, overflow }).toEqual({ route, overflow: 0 });
    }
    await screen(page, 'report-public-360px');
    // An imported case says so, with its source and its id there.
    const { tokens } = fixture;
    const imported = {
      record: 'case',
      id: 'LAMA-7',
      submitted: {
        at: '2019-02-01T09:00:00+07:00',
        title: 'Kasus lama dari aplikasi kota',
        description: 'Laporan lama yang diimpor dari aplikasi kota.',
      },
      steps: [],
    };
    const { importRecords } = await service.ok(
      `mutation($i: ImportRecordsInput!) { importRecords(input: $i) { imported problems { reason } } }`,
      { i: { source: 'aplikasi-kota', lines: [JSON.stringify(imported)] } },
      tokens.admin,
    );
    expect(importRecords).toEqual({ imported: 1, problems: [] });
    // The list reads the read model: wait until it holds the import (the embedded database projects slower).
    const { health } = await service.ok(`{ health { lastGlobalPosition } }`);
    await service.ok(`query($m: String) { reports(filter: { search: "aplikasi" }, minPosition: $m) { totalCount } }`, {
      m: health.lastGlobalPosition,
    });
    await page.goto(`${service.url}/#/reports?search=aplikasi`);
    await page.getByText('Kasus lama dari aplikasi kota').waitFor();
    await page.locator('tbody a').first().click();
    await page.getByText('Imported from aplikasi-kota (its id there: LAMA-7)').waitFor();
    await screen(page, 'report-imported-360px');
    // A filtered list is a link: opening it shows the same list.
    await page.goto(`${service.url}/#/reports?search=trotoar`);
    await page.getByRole('link', { name: trackingId }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.getByLabel('Search').inputValue()).toBe('trotoar');
    await context.close();
  });

  it('ships at most 250 KB of gzipped JavaScript, all of it from this service', async () => {
    const folder = path.join(service.config.consoleDir, 'assets');
    const scripts = readdirSync(folder).filter((file) => file.endsWith('.js'));
    const gzipped = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(folder, file))).length, 0);
    console.log(`Console JavaScript: ${scripts.length} file(s), ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(scripts.length).toBeGreaterThan(0);
    expect(gzipped).toBeLessThanOrEqual(250 * 1024);
    const page = await fetch(`${service.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).not.toMatch(/https?:\/\//);
  });

  it('offers no role picker where the service checks real tokens', async () => {
    const production = await startTestService({ AUTH_JWT_SECRET: 'a-real-secret-of-at-least-32-characters!!' });
    try {
      const { page, context } = await open();
      await page.goto(`${production.url}/#/signin`);
      await page.getByRole('form', { name: 'Sign in with a token or an API key' }).waitFor();
      expect(await page.getByRole('form', { name: 'Development sign-in (pick a role)' }).count()).toBe(0);
      const token = await production.token({ sub: 'ombudsman-9', role: 'OMBUDSMAN' });
      const form = page.getByRole('form', { name: 'Sign in with a token or an API key' });
      await form.getByLabel('Token or key').fill(token);
      await form.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Escalated cases' }).waitFor();
      await screen(page, 'signed-in-with-token');
      await context.close();
    } finally {
      await production.stop();
    }
  });
});
