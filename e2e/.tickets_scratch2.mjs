import { chromium } from 'playwright-core';
const base = 'http://localhost:3990';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const errors = [];
async function session(user, pass) {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${user}: ${m.text().slice(0, 300)}`); });
  page.on('pageerror', (e) => errors.push('PAGEERROR ' + e.message));
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(pass);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(/tickets/);
  return page;
}
const dialog = (page) => page.locator('.ant-modal:visible').last();
const dd = (page) => page.locator('.ant-select-dropdown:visible').last();
const step = async (name, fn) => { try { await fn(); console.log('ok  ', name); } catch (e) { console.log('FAIL', name, e.message.split('\n')[0]); } };

// Linyu: pending owner of 001
const ly = await session('linyu', 'demo-ImAdYMpM');
await ly.screenshot({ path: '/tmp/tickets_shots/linyu-inbox.png' });
await ly.goto(`${base}/tickets/202611-001`);
await step('linyu sees accept', () => ly.getByTestId('action-accept').waitFor());
await step('linyu declines', async () => {
  await ly.getByTestId('action-decline').click();
  await dialog(ly).locator('textarea').fill('我这周休假，请改派');
  await ly.getByTestId('decline-form-submit').click();
  await ly.getByText('负责人拒绝了分派').first().waitFor();
});
await ly.screenshot({ path: '/tmp/tickets_shots/linyu-declined.png', fullPage: true });

const ad = await session('admin', 'admin-password-123');
await ad.goto(`${base}/tickets/202611-001`);
await ad.getByTestId('ticket-timeline').waitFor();
await step('assign to me', async () => { await ad.getByTestId('action-assign-me').click(); await ad.getByTestId('ticket-owner').getByText('系统管理员').waitFor(); });
await step('status in progress', async () => { await ad.getByTestId('action-status').click(); await ad.getByTestId('status-form-submit').click(); await ad.getByTestId('status-tag').first().getByText('处理中').waitFor(); });
await step('sub-status', async () => {
  await ad.getByTestId('action-more').click(); await ad.getByText('记录进度节点').click();
  await dialog(ad).locator('input').fill('已联系客户'); await dialog(ad).getByRole('button', { name: /保\s*存/ }).click();
  await ad.getByTestId('sub-status').getByText('已联系客户').waitFor();
});
await step('note', async () => {
  await ad.getByRole('tab', { name: '内部备注' }).click();
  await ad.getByTestId('composer-note-body').fill('客户比较着急，优先处理');
  await ad.getByTestId('composer-note-submit').click();
  await ad.getByTestId('ticket-timeline').getByText('客户比较着急，优先处理').waitFor();
});
await step('call', async () => {
  await ad.getByRole('tab', { name: '记录通话' }).click();
  const form = ad.getByTestId('composer-call');
  await form.locator('textarea').fill('电话告知客户上门时间');
  await form.getByRole('button', { name: /保存通话记录/ }).click();
  await ad.getByTestId('ticket-timeline').getByText('电话告知客户上门时间').waitFor();
});
await step('customer reply', async () => {
  await ad.getByRole('tab', { name: '记录客户回复' }).click();
  const form = ad.getByTestId('composer-customer');
  await form.locator('textarea').fill('好的，明天上午在家');
  await form.getByRole('button', { name: /保存客户回复/ }).click();
  await ad.getByTestId('ticket-timeline').getByText('好的，明天上午在家').waitFor();
});
await step('plan major', async () => {
  await ad.getByTestId('plans-panel').getByText('提出方案').click();
  const d = dialog(ad);
  await d.locator('textarea').first().fill('免费更换整机并补偿现金');
  await d.locator('.ant-select').first().click(); await dd(ad).getByText('现金补偿', { exact: true }).click();
  await d.locator('.ant-input-number input').fill('3000');
  await d.getByRole('button', { name: /提出方案/ }).click();
  await ad.getByTestId('plans-panel').getByText('待主管审批').waitFor();
});
await step('plan lead approve', async () => {
  await ad.getByTestId('plans-panel').getByRole('button', { name: /审\s*批/ }).click();
  await dialog(ad).getByRole('button', { name: /保\s*存/ }).click();
  await ad.getByTestId('plans-panel').getByText('待管理层审批').waitFor();
});
await step('plan mgmt approve', async () => {
  await ad.getByTestId('plans-panel').getByRole('button', { name: /管理层审批/ }).click();
  await dialog(ad).getByRole('button', { name: /保\s*存/ }).click();
  await ad.getByTestId('plans-panel').getByText('已批准，待客户确认').waitFor();
});
await step('plan customer accepts', async () => {
  await ad.getByTestId('plans-panel').getByRole('button', { name: /记录客户答复/ }).click();
  await dialog(ad).getByRole('button', { name: /保\s*存/ }).click();
  await ad.getByTestId('plans-panel').getByText('客户已接受').waitFor();
});
await step('collaboration', async () => {
  await ad.getByTestId('collaboration-panel').getByText('发起协作').click();
  const d = dialog(ad);
  await d.locator('.ant-select').first().click(); await dd(ad).getByText('仓储物流组', { exact: true }).click();
  await d.locator('textarea').fill('请仓库准备一台新机发货');
  await d.getByRole('button', { name: /发起协作/ }).click();
  await ad.getByTestId('collaboration-panel').getByText('待答复').waitFor();
  await ad.getByTestId('collaboration-panel').getByRole('button', { name: /答\s*复/ }).click();
  await dialog(ad).locator('textarea').fill('已安排，明天发出');
  await dialog(ad).getByRole('button', { name: /保\s*存/ }).click();
  await ad.getByTestId('collaboration-panel').getByText('已安排，明天发出').waitFor();
});
await step('escalation', async () => {
  await ad.getByTestId('escalations-panel').getByText('申请升级').click();
  const d = dialog(ad);
  await d.locator('textarea').first().fill('客户为 VIP，要求当天解决');
  await d.getByRole('button', { name: /申请升级/ }).click();
  await ad.getByTestId('escalations-panel').getByText('待审批').waitFor();
  await ad.getByTestId('escalations-panel').getByRole('button', { name: /审\s*批/ }).click();
  const d2 = dialog(ad);
  await d2.locator('.ant-select').first().click(); await dd(ad).getByText('P1 特急').click();
  await d2.getByRole('button', { name: /保\s*存/ }).click();
  await ad.getByTestId('escalations-panel').getByText('已批准').waitFor();
});
await step('link', async () => {
  await ad.getByTestId('links-panel').getByText('关联工单').first().click();
  await dialog(ad).locator('input').first().fill('202611-002');
  await dialog(ad).getByRole('button', { name: /保\s*存/ }).click();
  await ad.getByTestId('links-panel').getByText('202611-002').waitFor();
});
await step('complaint edit missing is fine', async () => {});
await ad.waitForTimeout(500);
await ad.screenshot({ path: '/tmp/tickets_shots/ticket-rich.png', fullPage: true });

// complaint ticket
await ad.goto(`${base}/tickets/202611-005`);
await ad.getByTestId('complaint-panel').waitFor();
await ad.screenshot({ path: '/tmp/tickets_shots/complaint.png', fullPage: true });

// inbox: bulk tag, saved view
await ad.goto(`${base}/tickets?view=all`);
await ad.getByTestId('tickets-table').getByText('202611-003').waitFor();
await step('bulk tag', async () => {
  const rows = ad.getByTestId('tickets-table').locator('tbody tr .ant-checkbox-input');
  await rows.nth(0).check(); await rows.nth(1).check();
  await ad.getByTestId('bulk-actions').getByRole('button', { name: /标签/ }).click();
  const d = dialog(ad);
  await d.locator('.ant-select').first().click(); await ad.keyboard.type('批量测试'); await ad.keyboard.press('Enter');
  await d.getByRole('button', { name: /确\s*定|OK/ }).click();
  await ad.getByText('已处理 2 个工单').waitFor();
});
await step('filter status + save view', async () => {
  await ad.getByTestId('filter-status').click();
  await dd(ad).getByText('已分派', { exact: true }).click();
  await ad.keyboard.press('Escape');
  await ad.waitForTimeout(500);
  await ad.getByTestId('save-view').click();
  await ad.getByTestId('view-name').fill('已分派的工单');
  await ad.getByTestId('save-view-submit').click();
  await ad.getByTestId('ticket-views').getByText('已分派的工单').waitFor();
});
await ad.waitForTimeout(500);
await ad.screenshot({ path: '/tmp/tickets_shots/inbox-view.png', fullPage: true });
await step('english', async () => {
  await ad.getByTestId('language-switch').getByText('English').click();
  await ad.getByText('All tickets').first().waitFor();
});
await ad.screenshot({ path: '/tmp/tickets_shots/inbox-en.png', fullPage: true });
await ad.goto(`${base}/tickets/202611-001`);
await ad.getByTestId('ticket-timeline').waitFor();
await ad.waitForTimeout(500);
await ad.screenshot({ path: '/tmp/tickets_shots/ticket-en.png', fullPage: true });
await ad.getByTestId('language-switch').getByText('中文').click();
console.log([...new Set(errors)].join('\n'));
await browser.close();
