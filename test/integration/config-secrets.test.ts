/**
 * Issue 16, 3.7: a password the PJSIP generator refuses (it holds ; [ or ]) is named by its
 * account in the reload error, and the value itself reaches neither the error, the log nor the
 * open /api/v1/health.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { restoreDemoConfig } from './harness/contact-center';
import { LOG_FILE } from './harness/product';

const app = () => site.product.app;

describe('secrets in configuration errors (issue 16, 3.7)', function () {
  this.timeout(30000);

  after(async () => {
    await restoreDemoConfig();
    await until('the configuration to load again', 10000, () => app().liveConfig.lastError === null, 100);
  });

  for (const password of ['Leak;me-4711', 'Leak[me]-4712']) {
    it(`given 1004's password is changed to one holding ${password.includes(';') ? ';' : '[ ]'} then the reload fails naming account 1004, and health, the log and the error never show the password`, async () => {
      await app().pool.query("UPDATE sip_accounts SET password = ? WHERE extension = '1004'", [password]);
      await until('the reload to fail', 10000, () => app().liveConfig.lastError !== null, 100);
      const error = app().liveConfig.lastError!;
      expect(error).to.contain('account 1004').and.to.contain('password');
      expect(error).to.not.contain(password);

      const health = await api('GET', '/api/v1/health', undefined, null);
      const text = JSON.stringify(health.body);
      expect(text, 'health names the problem').to.contain('account 1004');
      expect(text, 'health never shows the password').to.not.contain(password);
      expect(text).to.not.contain(password.slice(0, 7));

      const log = readFileSync(LOG_FILE, 'utf8');
      expect(log, 'the failure is logged').to.contain('configuration reload failed');
      expect(log, 'the log never shows the password').to.not.contain(password);

      await restoreDemoConfig();
      await until('the configuration to load again', 10000, () => app().liveConfig.lastError === null, 100);
    });
  }
});
