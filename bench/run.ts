// `npm run bench`: the startup benchmark, then the login benchmark, under one header.
// Options of both are accepted: --runs, --sequential, --concurrent, --concurrency.
import { intOptions } from './lib/cli';
import { appendResult, machineInfo, printHeader, printTable } from './lib/report';
import { loginDefaults, runLoginBench } from './login.bench';
import { runStartupBench, startupDefaults } from './startup.bench';

const { runs, ...loginOpts } = intOptions({ ...startupDefaults, ...loginDefaults });
const machine = await machineInfo();
printHeader(machine);

process.stdout.write('\nStartup…\n');
const startup = await runStartupBench({ runs });
process.stdout.write('Login…\n');
const login = await runLoginBench(loginOpts);

printTable(`Startup (${runs} first starts on fresh data folders, 1 second start)`, startup);
const { sequential, concurrent, concurrency } = loginOpts;
printTable(`Login (${sequential} sequential, ${concurrent} at concurrency ${concurrency})`, login);
appendResult('startup', machine, { runs }, startup);
appendResult('login', machine, loginOpts, login);
