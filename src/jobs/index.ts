/** Wires the scheduled jobs (D5) and the timers 1-9 from the configuration. */
import { isAbsolute, resolve } from 'node:path';
import type { Config } from '../config';
import type { Pool } from '../db/pool';
import type { EventSink } from '../events/cti-events';
import type { Logger } from '../log/logger';
import { businessHoursJob } from './business-hours-job';
import { dailyReportJob } from './daily-report-job';
import { JobRunner } from './job-runner';
import { reportAggregatesJob } from './report-aggregates-job';
import { retentionJob, type FaxFolder } from './retention-job';
import { TimerService } from './timers';

export const PROJECT_DIR = resolve(__dirname, '../../..');

export interface Jobs { runner: JobRunner; timers: TimerService; stop(): Promise<void> }

export interface JobDeps { config: Config; pool: Pool; log: Logger; events: EventSink; recordingDir: string; faxFolders?: FaxFolder[] }

/**
 * Every job is registered (so the API and timers can run it); only enabled ones get their cron
 * schedule. Nothing runs until start().
 */
export function createJobs({ config, pool, log, events, recordingDir, faxFolders = [] }: JobDeps): Jobs & { start(): Promise<void> } {
  const j = config.jobs;
  const runner = new JobRunner(log, j.timezone);
  const folder = isAbsolute(j.dailyReport.folder) ? j.dailyReport.folder : resolve(PROJECT_DIR, j.dailyReport.folder);
  runner.add('daily-report', dailyReportJob(pool, { folder, reports: j.dailyReport.reports, interval: j.dailyReport.interval, serviceLevelSec: config.reports.serviceLevelSec }),
    j.dailyReport.enabled ? j.dailyReport.cron : null);
  runner.add('retention', retentionJob(pool, { recordingsDays: j.retention.recordingsDays, logsDays: j.retention.logsDays, batchSize: j.retention.batchSize, recordingDir,
    faxesDays: j.retention.faxesDays, faxFolders }, log),
    j.retention.enabled ? j.retention.cron : null);
  runner.add('business-hours', businessHoursJob(pool, log), j.businessHours.enabled ? j.businessHours.cron : null);
  runner.add('report-aggregates', reportAggregatesJob(pool, { checkDays: j.reportAggregates.checkDays }, log), j.reportAggregates.enabled ? j.reportAggregates.cron : null);
  const timers = new TimerService(pool, runner, events, log, j.timerSyncMs);
  return {
    runner,
    timers,
    async start() {
      if (!j.enabled) return;
      runner.start();
      // At start too: a site upgraded with history gets its report aggregates backfilled now, not at night.
      if (j.reportAggregates.enabled) void runner.run('report-aggregates', 'start');
      await timers.start();
    },
    async stop() {
      timers.stop();
      await runner.stop();
    },
  };
}
