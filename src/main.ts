/** The app process: `make run` starts it in the foreground; SIGINT/SIGTERM stop it cleanly. */
import { startApp } from './app';
import { runProcess } from './util/process-main';

runProcess('app', startApp);
