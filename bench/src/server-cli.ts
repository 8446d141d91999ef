// Child-process entry that runs the testkit's mock OpenAI server for the benchmark, with request
// validation off (the suite measures clients, not the spec check). Talks to its parent over IPC:
// sends { url } once listening, answers 'cpu' with its own CPU time, and closes on 'close'.
import { startMockOpenAI } from '@aiclient/testkit';

const server = await startMockOpenAI({ validateRequests: false });

process.on('message', (message) => {
  if (message === 'cpu') {
    process.send?.({ cpu: process.cpuUsage() });
  } else if (message === 'close') {
    void server.close().finally(() => process.exit(0));
  }
});
// The parent going away closes the channel: never outlive it.
process.on('disconnect', () => process.exit(0));
process.send?.({ url: server.url });
