#!/usr/bin/env node
// Throughput check of the mock server alone: non-streaming chat completions, validation off.
// The server runs in a child process (one core); this process drives it over keep-alive TCP
// connections with raw HTTP/1.1 requests (cheap on the client side, so the server is the limit).
// Usage: node scripts/throughput.mjs [--seconds 10] [--connections 32] [--pipeline 1]
// Needs the build (dist/index.js). Not a test: numbers depend on the machine.
import { fork } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

if (process.argv[2] === '--serve') {
  const { startMockOpenAI } = await import('../dist/index.js');
  const mock = await startMockOpenAI({ validateRequests: false, maxRecordedRequests: 1000 });
  process.send?.({ port: mock.port });
  let mark = { cpu: process.cpuUsage(), total: 0 };
  process.on('message', async (message) => {
    if (message === 'mark') {
      mark = { cpu: process.cpuUsage(), total: mock.stats().requests.total };
    } else if (message === 'stop') {
      const cpu = process.cpuUsage(mark.cpu);
      const stats = mock.stats();
      await mock.close();
      const served = stats.requests.total - mark.total;
      // CPU time the server spent per request: independent of what else loads the machine,
      // so 1e6 / it is what one dedicated core could serve.
      const cpuMicrosPerRequest = (cpu.user + cpu.system) / Math.max(1, served);
      process.send?.({
        total: stats.requests.total,
        byStatus: stats.requests.byStatus,
        cpuMicrosPerRequest: Number(cpuMicrosPerRequest.toFixed(1)),
        oneCoreCapacityPerSecond: Math.round(1e6 / cpuMicrosPerRequest),
      });
      process.exit(0);
    }
  });
} else {
  const option = (name, fallback) => {
    const index = process.argv.indexOf(`--${name}`);
    return index === -1 ? fallback : Number(process.argv[index + 1]);
  };
  const seconds = option('seconds', 10);
  const connections = option('connections', 32);
  const pipeline = option('pipeline', 1);
  const server = fork(fileURLToPath(import.meta.url), ['--serve'], {
    stdio: 'inherit',
    execArgv:
      process.env.THROUGHPUT_PROFILE === '1' ? ['--cpu-prof', '--cpu-prof-dir=/tmp/tk-prof'] : [],
  });
  const { port } = await new Promise((resolve) => server.once('message', resolve));
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say something about throughput testing.' },
    ],
  });
  const request = Buffer.from(
    `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer sk-throughput\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body}`,
  );
  const marker = 'HTTP/1.1 200 ';
  let completed = 0;
  let others = 0;
  let running = true;
  const sockets = [];
  const warmupMs = 1000;
  let countedFrom = 0;
  for (let index = 0; index < connections; index++) {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let carry = '';
    socket.on('connect', () => {
      for (let depth = 0; depth < pipeline; depth++) socket.write(request);
    });
    socket.on('data', (data) => {
      const text = carry + data.toString('latin1');
      let from = 0;
      for (;;) {
        const at = text.indexOf('HTTP/1.1 ', from);
        if (at === -1) break;
        if (text.startsWith(marker, at)) completed++;
        else others++;
        from = at + 9;
        if (running) socket.write(request);
      }
      carry = text.slice(Math.max(from, text.length - 16));
    });
    socket.on('error', () => {});
    sockets.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  countedFrom = completed;
  server.send('mark');
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const elapsed = (performance.now() - started) / 1000;
  const measured = completed - countedFrom;
  running = false;
  for (const socket of sockets) socket.destroy();
  server.send('stop');
  const serverStats = await new Promise((resolve) => server.once('message', resolve));
  console.log(
    JSON.stringify({
      connections,
      pipeline,
      seconds: Number(elapsed.toFixed(2)),
      completions: measured,
      perSecond: Math.round(measured / elapsed),
      non200: others,
      serverSaw: serverStats,
    }),
  );
}
